import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@perflab/messaging';
import { publishDeferredTotal } from '../notifications.metrics';
import { NOTIFICATION_EVENT } from '../notifications.di-tokens';
import type { NotificationRecord } from './notification.model';
import type { NotificationEvent } from './notification.events';

/**
 * Hands PENDING rows to Kafka (acks=all, keyed by user so one user's notifications stay
 * in order). The rows are already durable in Postgres; when Kafka cannot take them they
 * stay PENDING and the sweeper publishes them later, so a failure here is reported, not thrown.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('NotificationDispatcher');

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(NOTIFICATION_EVENT) private readonly event: NotificationEvent,
  ) {}

  /** True when Kafka acknowledged every row; false when they were left for the sweeper. */
  async dispatch(rows: NotificationRecord[], source: string): Promise<boolean> {
    const pending = rows.filter((row) => row.status === 'PENDING');
    if (pending.length === 0) return true;
    try {
      await this.publish(pending);
      return true;
    } catch (error) {
      publishDeferredTotal.inc({ source }, pending.length);
      this.logger.warn(`${pending.length} notification(s) left PENDING for the sweeper: ${(error as Error).message}`);
      return false;
    }
  }

  /** Throws when Kafka did not acknowledge (PublishError is retryable). */
  publish(rows: NotificationRecord[]): Promise<void> {
    return this.publisher.publishBatch(
      this.event,
      rows.map((row) => ({
        key: row.userId,
        value: {
          notificationId: row.id,
          userId: row.userId,
          type: row.type,
          channel: row.channel,
          title: row.title,
          body: row.body,
          ...(row.data ? { data: row.data } : {}),
          ...(row.correlationId ? { correlationId: row.correlationId } : {}),
          requestedAt: new Date().toISOString(),
        },
        headers: row.correlationId ? { 'x-correlation-id': row.correlationId } : undefined,
      })),
    );
  }
}
