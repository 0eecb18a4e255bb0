/**
 * Gathers the calls made in one event-loop turn (up to maxBatch) and answers them with one
 * `flush`: results come back aligned with the items. Many deliveries finishing together
 * then share one SQL statement instead of one round trip (and one plan/commit) each.
 */
export class TurnBatcher<I, O> {
  private pending: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private scheduled?: NodeJS.Immediate;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushNow();
      else this.scheduled ??= setImmediate(() => this.flushNow());
    });
  }

  private flushNow(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending.splice(0, this.maxBatch);
    if (this.pending.length > 0) this.scheduled = setImmediate(() => this.flushNow());
    if (batch.length === 0) return;
    this.flush(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i])),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
