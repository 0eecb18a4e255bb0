import type { Logger } from 'pino';

/** At most one warning per this long: a collector that is down fails every batch, every few seconds. */
export const TRACING_WARNING_INTERVAL_MS = 60_000;

/**
 * OpenTelemetry's errors (a failed span export: collector down, refused, timed out), written
 * to the service's logger as one warning per interval with the count since the last one, never
 * one line per failure. Without this they went nowhere: the SDK reports them through `diag`,
 * which has no logger unless one is set. No OTel import here, so the logger can name its sink
 * without loading the SDK when tracing is off.
 */
export class TracingProblems {
  private logger: Logger | undefined;
  private unreported = 0;
  private latest = '';
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs = TRACING_WARNING_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Where warnings go from now on; what was reported before there was a logger is written now. */
  writeTo(logger: Logger): void {
    this.logger = logger;
    if (this.unreported > 0) this.writeWhenDue();
  }

  report(message: string): void {
    this.unreported += 1;
    this.latest = message;
    if (this.logger) this.writeWhenDue();
  }

  private writeWhenDue(): void {
    const due = this.lastWrittenAt + this.intervalMs - this.now();
    if (due <= 0) return this.write();
    // The count since the last warning is written at the end of the interval, also if the
    // failures stop; unref'd, so it never keeps a process alive.
    this.timer ??= setTimeout(() => this.write(), due).unref();
  }

  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.logger || this.unreported === 0) return;
    this.logger.warn(
      { failures: this.unreported, intervalMs: this.intervalMs },
      `tracing: ${this.unreported} error(s) since the last warning (spans may be dropped); latest: ${this.latest}`,
    );
    this.unreported = 0;
    this.lastWrittenAt = this.now();
  }
}

/** The process's one instance: the SDK reports into it, createLogger names its logger. */
export const tracingProblems = new TracingProblems();
