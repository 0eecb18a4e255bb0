import { Inject, Injectable } from '@nestjs/common';
import { OutboxRelay } from '@perflab/messaging';
import { PeriodicJob } from '@perflab/runtime';
import { NOTIFICATIONS_CONFIG, runsWorker, type NotificationsConfig } from '../notifications.config';
import { sweptTotal } from '../notifications.metrics';
import { NotificationRepository } from '../shared/notification.repository';

/**
 * What the outbox cannot cover: a worker that died holding a row PROCESSING (its message
 * comes back at once and meets the lease, so it is skipped) — past the lease the row is
 * put back to PENDING and queued again; and a PENDING row whose message was dead-lettered
 * (e.g. the claim failed through a database outage) — queued again once nothing older waits
 * in the outbox. Each sweep claims its rows with SKIP LOCKED and writes their outbox
 * messages in the same transaction. A row queued twice is harmless: the claim lets one through.
 */
@Injectable()
export class Sweeper extends PeriodicJob {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly outbox: OutboxRelay,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    super({ name: 'notifications-sweeper', intervalMs: config.SWEEP_INTERVAL_MS, enabled: runsWorker(config) });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
  }

  /** One pass, until nothing stale is left; resolves with how many rows were queued again. */
  async sweep(): Promise<number> {
    const { SWEEP_PENDING_AFTER_SECONDS, PROCESSING_LEASE_SECONDS, SWEEP_BATCH } = this.config;
    let total = 0;
    for (;;) {
      const rows = await this.repository.claimStale(SWEEP_PENDING_AFTER_SECONDS, PROCESSING_LEASE_SECONDS, SWEEP_BATCH);
      if (rows.length === 0) return total;
      this.outbox.nudge();
      for (const row of rows) sweptTotal.inc({ status: (row as { previous?: string }).previous ?? 'PENDING' });
      total += rows.length;
      this.logger.log(`queued ${rows.length} stale notification(s) again`);
      if (rows.length < SWEEP_BATCH) return total;
    }
  }
}
