export interface MicroBatcherOptions {
  /** Flush at once when this many items are waiting; a larger batch is split. */
  maxBatch: number;
  /** How long the first item waits for company; 0 (default) = until the end of this event-loop turn. */
  lingerMs?: number;
  /**
   * At most this many flushes at once (default: no limit). While that many run, new items wait
   * and go together when one finishes: group commit, the batch grows with the load.
   */
  maxInFlight?: number;
}

/**
 * Sends one batch. Returns one result per item, in the items' order — or nothing, when the
 * batcher carries no results (O = void).
 */
export type BatchFlush<I, O> = (items: I[]) => Promise<[O] extends [void] ? O[] | void : O[]>;

interface Pending<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers items added close together (the same event-loop turn, or within `lingerMs`) and
 * hands them to `flush` as one batch; each caller's promise settles with its own result, or
 * with the batch's error. Many callers doing one small write each thus share one round trip
 * (one produce request, one SQL statement) instead of queueing behind each other.
 */
export class MicroBatcher<I, O = void> {
  private pending: Pending<I, O>[] = [];
  private cancelScheduled?: () => void;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** drain() waiting for the flushes in flight. */
  private settled: (() => void)[] = [];

  constructor(
    private readonly flush: BatchFlush<I, O>,
    options: MicroBatcherOptions,
  ) {
    const { maxBatch, lingerMs = 0, maxInFlight = Infinity } = options;
    if (!Number.isInteger(maxBatch) || maxBatch < 1)
      throw new RangeError(`maxBatch must be an integer ≥ 1, got ${maxBatch}`);
    if (!(lingerMs >= 0)) throw new RangeError(`lingerMs must be ≥ 0, got ${lingerMs}`);
    if (!(maxInFlight >= 1) || (maxInFlight !== Infinity && !Number.isInteger(maxInFlight)))
      throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${maxInFlight}`);
    this.maxBatch = maxBatch;
    this.lingerMs = lingerMs;
    this.maxInFlight = maxInFlight;
  }

  /** One item; resolves with its result once its batch is flushed. */
  run(item: I): Promise<O> {
    const result = this.enqueue(item);
    this.schedule();
    return result;
  }

  /** Several items (they may be split across batches); resolves with their results in order. */
  add(items: I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    const results = items.map((item) => this.enqueue(item));
    this.schedule();
    return Promise.all(results);
  }

  /** Flushes whatever is waiting now and waits for every flush in flight (also used on shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight > 0) {
      if (this.pending.length > 0 && this.inFlight < this.maxInFlight) await this.flushNow();
      else await new Promise<void>((resolve) => this.settled.push(resolve));
    }
  }

  private enqueue(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => this.pending.push({ item, resolve, reject }));
  }

  private schedule(): void {
    // At the in-flight limit the next finishing flush takes what waits (see flushNow).
    if (this.inFlight >= this.maxInFlight) return;
    if (this.pending.length >= this.maxBatch) void this.flushNow();
    else if (!this.cancelScheduled) this.cancelScheduled = this.later(() => void this.flushNow());
  }

  private later(run: () => void): () => void {
    if (this.lingerMs > 0) {
      const timer = setTimeout(run, this.lingerMs);
      return () => clearTimeout(timer);
    }
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }

  /** Never rejects: a failed flush rejects its callers' promises instead. */
  private flushNow(): Promise<void> {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    if (this.inFlight >= this.maxInFlight) return Promise.resolve();
    const batch = this.pending.splice(0, this.maxBatch);
    // The rest (more than maxBatch arrived at once) goes next turn, without waiting out the linger again.
    if (this.pending.length > 0) {
      const immediate = setImmediate(() => void this.flushNow());
      this.cancelScheduled = () => clearImmediate(immediate);
    }
    if (batch.length === 0) return Promise.resolve();
    this.inFlight++;
    return this.send(batch.map((p) => p.item))
      .then(
        (results) => batch.forEach((p, i) => p.resolve(results[i])),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        // With a limit, what arrived meanwhile goes now, together: it has waited one flush already.
        // (Without one, items keep their own schedule: the linger is not cut short.)
        if (this.maxInFlight !== Infinity && this.pending.length > 0) void this.flushNow();
        for (const resolve of this.settled.splice(0)) resolve();
      });
  }

  private async send(items: I[]): Promise<O[]> {
    const results = await this.flush(items);
    if (results === undefined) return items.map(() => undefined as O); // O is void here (see BatchFlush)
    if (results.length !== items.length)
      throw new Error(`flush returned ${results.length} results for ${items.length} items`);
    return results;
  }
}
