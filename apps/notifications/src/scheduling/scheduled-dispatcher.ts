import { Inject, Injectable } from '@nestjs/common';
import { OutboxRelay } from '@perflab/messaging';
import { PeriodicJob } from '@perflab/runtime';
import { NOTIFICATIONS_CONFIG, runsWorker, type NotificationsConfig } from '../notifications.config';
import { scheduledReleasedTotal } from '../notifications.metrics';
import { NotificationRepository } from '../shared/notification.repository';

/**
 * Releases SCHEDULED notifications once due. State lives only in Postgres (status and
 * scheduled_for, read through the partial index idx_notifications_scheduled), so a restart
 * loses nothing: the first run after start-up releases whatever fell due meanwhile.
 * Release is a SKIP LOCKED claim that writes the outbox messages in the same transaction,
 * so any number of workers and instances run this safely and nothing released is lost.
 */
@Injectable()
export class ScheduledDispatcher extends PeriodicJob {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly outbox: OutboxRelay,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    super({
      name: 'notifications-scheduler',
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      enabled: runsWorker(config),
      runAtStart: true, // catch up at once after a restart
    });
  }

  protected run(): Promise<unknown> {
    return this.releaseDue();
  }

  /** Releases due batches until none is left; resolves with how many were released. */
  async releaseDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.repository.releaseDue(this.config.SCHEDULER_BATCH);
      if (rows.length > 0) this.outbox.nudge();
      scheduledReleasedTotal.inc(rows.length);
      total += rows.length;
      if (rows.length < this.config.SCHEDULER_BATCH) return total;
    }
  }
}
