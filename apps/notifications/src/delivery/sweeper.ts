import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { sweptTotal } from '../notifications.metrics';
import { NotificationDispatcher } from '../shared/notification.dispatcher';
import { NotificationRepository } from '../shared/notification.repository';
import { PeriodicTask } from '../shared/periodic-task';

/**
 * The second half of "202 means durable": republishes PENDING rows whose publish may not
 * have reached Kafka (Kafka was down, or the process died between commit and publish), and
 * hands PROCESSING rows whose worker died (lease expired) back for delivery. Each sweep
 * claims its rows with SKIP LOCKED, so instances and cluster workers never sweep the same rows.
 * A row republished while its first message is merely slow is harmless: the claim lets one through.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  readonly task: PeriodicTask;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly dispatcher: NotificationDispatcher,
    private readonly registry: SchedulerRegistry,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.task = new PeriodicTask(
      'notifications-sweeper',
      () => this.sweep(),
      (error) => this.logger.warn(`sweep failed: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.WORKER_ENABLED) this.task.start(this.config.SWEEP_INTERVAL_MS, this.registry);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop(this.registry);
  }

  /** One pass, until nothing stale is left; resolves with how many rows were republished. */
  async sweep(): Promise<number> {
    const { SWEEP_PENDING_AFTER_SECONDS, PROCESSING_LEASE_SECONDS, SWEEP_BATCH } = this.config;
    let total = 0;
    for (;;) {
      const rows = await this.repository.claimStale(SWEEP_PENDING_AFTER_SECONDS, PROCESSING_LEASE_SECONDS, SWEEP_BATCH);
      if (rows.length === 0) return total;
      // A failed publish throws: the rows stay PENDING (touched) and come back next interval.
      await this.dispatcher.publish(rows);
      for (const row of rows) sweptTotal.inc({ status: (row as { previous?: string }).previous ?? 'PENDING' });
      total += rows.length;
      this.logger.log(`republished ${rows.length} stale notification(s)`);
      if (rows.length < SWEEP_BATCH) return total;
    }
  }
}
