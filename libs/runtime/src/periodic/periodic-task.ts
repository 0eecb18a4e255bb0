import { backoffDelay } from '@perflab/resilience';

export interface PeriodicTaskOptions {
  /** Shown in logs and health. */
  name: string;
  intervalMs: number;
  /** The job. A rejection is passed to onError and counts as a failed run. */
  run: () => Promise<unknown>;
  onError: (error: unknown, consecutiveFailures: number) => void;
  /** Each wait is intervalMs ± this fraction, so workers and instances do not align (default 0.1). */
  jitter?: number;
  /**
   * After a failed run, wait backoffDelay(failures, intervalMs, maxBackoffMs) instead of the
   * interval, and ignore trigger() until then: a dependency that is down is not hammered.
   * Default: intervalMs (no growth).
   */
  maxBackoffMs?: number;
  /** Run once right after start() (catch up after a restart). Default false. */
  runAtStart?: boolean;
}

/**
 * The one way to run periodic work: a job every interval (with jitter) that never overlaps
 * itself, can be triggered early (coalesced), backs off while it fails, logs its errors
 * through the caller, and on stop() waits for the run in flight. Built on a re-armed
 * setTimeout (unref'd): the next wait starts when a run ends, so a slow run cannot pile up.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private started = false;
  private backingOffUntil = 0;
  private failures = 0;
  lastRunAt?: Date;
  lastError?: string;

  constructor(private readonly options: PeriodicTaskOptions) {}

  get name(): string {
    return this.options.name;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.runAtStart) this.trigger();
    else this.arm(this.nextDelay());
  }

  /** Run as soon as possible: now, or right after the run in flight. Ignored while backing off. */
  trigger(): void {
    if (!this.started || Date.now() < this.backingOffUntil) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runOnce();
  }

  /** One run now (unless one is in flight: then that one), whether started or not. */
  runOnce(): Promise<void> {
    if (this.running) return this.running;
    clearTimeout(this.timer);
    this.running = this.execute().finally(() => {
      this.running = undefined;
      if (!this.started) return;
      const delay = this.nextDelay();
      if (this.again && this.failures === 0) {
        this.again = false;
        this.arm(0);
      } else {
        this.again = false;
        this.arm(delay);
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async execute(): Promise<void> {
    try {
      await this.options.run();
      this.failures = 0;
      this.backingOffUntil = 0;
      this.lastRunAt = new Date();
      this.lastError = undefined;
    } catch (error) {
      this.failures += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.onError(error, this.failures);
    }
  }

  private nextDelay(): number {
    const { intervalMs, maxBackoffMs, jitter = 0.1 } = this.options;
    if (this.failures > 0) {
      const delay = backoffDelay(this.failures, intervalMs, Math.max(intervalMs, maxBackoffMs ?? intervalMs));
      this.backingOffUntil = Date.now() + delay;
      return delay;
    }
    return Math.max(0, Math.round(intervalMs * (1 - jitter + 2 * jitter * Math.random())));
  }

  private arm(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runOnce(), delayMs);
    this.timer.unref();
  }
}
