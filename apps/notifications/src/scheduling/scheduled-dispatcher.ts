import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { scheduledReleasedTotal } from '../notifications.metrics';
import { NotificationDispatcher } from '../shared/notification.dispatcher';
import { NotificationRepository } from '../shared/notification.repository';
import { PeriodicTask } from '../shared/periodic-task';

/**
 * Publishes SCHEDULED notifications once due. State lives only in Postgres (status and
 * scheduled_for, read through the partial index idx_notifications_scheduled), so a restart
 * loses nothing: the first tick after start-up releases whatever fell due meanwhile.
 * Release is a SKIP LOCKED claim, so any number of workers and instances run this safely;
 * a release whose publish fails leaves the rows PENDING for the sweeper.
 */
@Injectable()
export class ScheduledDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ScheduledDispatcher');
  readonly task: PeriodicTask;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly registry: SchedulerRegistry,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.task = new PeriodicTask(
      'notifications-scheduler',
      () => this.releaseDue(),
      (error) => this.logger.warn(`scheduled release failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (!this.config.WORKER_ENABLED) return;
    this.task.start(this.config.SCHEDULER_INTERVAL_MS, this.registry);
    void this.task.runOnce(); // catch up at once after a restart
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop(this.registry);
  }

  /** Releases due batches until none is left; resolves with how many were released. */
  async releaseDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.repository.releaseDue(this.config.SCHEDULER_BATCH);
      if (rows.length === 0) return total;
      scheduledReleasedTotal.inc(rows.length);
      total += rows.length;
      await this.dispatcher.dispatch(rows, 'scheduler');
      if (rows.length < this.config.SCHEDULER_BATCH) return total;
    }
  }
}
