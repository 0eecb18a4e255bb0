export interface MicroBatcherOptions {
  /** How long the first item waits for company; 0 = until the end of this event-loop turn. */
  lingerMs: number;
  /** Flush at once when this many items are waiting. */
  maxBatch: number;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers items added close together and hands them to `flush` as one batch; each
 * caller's promise settles with its batch. Concurrent HTTP requests publishing one
 * message each thus share one produce request instead of queueing behind each other.
 */
export class MicroBatcher<T> {
  private pending: Pending<T>[] = [];
  private timer?: NodeJS.Timeout | NodeJS.Immediate;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: MicroBatcherOptions,
  ) {}

  add(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const settled = items.map(
      (item) => new Promise<void>((resolve, reject) => this.pending.push({ item, resolve, reject })),
    );
    if (this.pending.length >= this.options.maxBatch) this.flushNow();
    else
      this.timer ??=
        this.options.lingerMs > 0
          ? setTimeout(() => this.flushNow(), this.options.lingerMs)
          : setImmediate(() => this.flushNow());
    return Promise.all(settled).then(() => undefined);
  }

  /** Sends whatever is waiting (also used on shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.flushNow();
  }

  private flushNow(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (this.pending.length > 0) this.timer = setImmediate(() => this.flushNow());
    if (batch.length === 0) return Promise.resolve();
    return this.flush(batch.map((p) => p.item)).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
