import type { Logger } from '@nestjs/common';

/**
 * A warning about something that happens per event during an outage (every failed publish,
 * every refused send): logged at most once per interval with how many it stands for, so a
 * Redis or Postgres restart costs a few log lines, not one per message.
 */
export class OccasionalWarning {
  private lastAt = 0;
  private unreported = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly everyMs = 10_000,
  ) {}

  record(detail: string): void {
    this.unreported++;
    const now = Date.now();
    if (now - this.lastAt < this.everyMs) return;
    this.logger.warn(`${this.what}: ${this.unreported} since the last warning; latest: ${detail}`);
    this.lastAt = now;
    this.unreported = 0;
  }
}
