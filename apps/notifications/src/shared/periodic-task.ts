import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A job on a fixed interval, registered with Nest's SchedulerRegistry (so it is listed and
 * cleared with the others), that never overlaps itself and whose last run is awaited on stop.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  lastRunAt?: Date;
  lastError?: string;

  constructor(
    readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number, registry: SchedulerRegistry): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    registry.addInterval(this.name, this.timer);
  }

  /** Runs now unless a run is already in flight (then waits for that one). */
  runOnce(): Promise<void> {
    this.running ??= this.work()
      .then(() => {
        this.lastRunAt = new Date();
        this.lastError = undefined;
      })
      .catch((error: unknown) => {
        this.lastError = (error as Error)?.message ?? String(error);
        this.onError(error);
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(registry: SchedulerRegistry): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      if (registry.doesExist('interval', this.name)) registry.deleteInterval(this.name);
      this.timer = undefined;
    }
    await this.running;
  }
}
