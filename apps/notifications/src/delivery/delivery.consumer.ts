import { onEvent, type ConsumerOptions } from '@perflab/messaging';
import { runsWorker, type NotificationsConfig } from '../notifications.config';
import type { NotificationEvent } from '../shared/notification.events';
import type { NotificationRepository } from '../shared/notification.repository';
import { BatchedDeliveryStore } from './batched-delivery-store';
import type { DeliveryService } from './delivery.service';

/** Group settings both of the service's consumers share. */
export function consumerSettings(config: NotificationsConfig) {
  return {
    retries: config.DELIVERY_RETRIES,
    backoffMs: config.DELIVERY_BACKOFF_MS,
    maxBackoffMs: config.DELIVERY_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: config.CONSUMER_REBALANCE_TIMEOUT_MS,
    heartbeatIntervalMs: config.CONSUMER_HEARTBEAT_INTERVAL_MS,
    maxWaitTimeMs: config.CONSUMER_MAX_WAIT_MS,
  };
}

/**
 * The `notification-workers` group: notification.requested → one delivery each. In batch
 * mode concurrent deliveries share their claim and SENT statements (ADR 0006). Null on an
 * API-only instance.
 */
export function deliveryConsumerOptions(
  config: NotificationsConfig,
  event: NotificationEvent,
  deliveryService: DeliveryService,
  repository: NotificationRepository,
): ConsumerOptions | null {
  if (!runsWorker(config)) return null;
  const { DELIVERY_BATCH_CONCURRENCY: concurrency, DELIVERY_BATCH_STATEMENTS: batched } = config;
  const delivery =
    concurrency > 0 && batched
      ? deliveryService.withStore(new BatchedDeliveryStore(repository, repository, concurrency))
      : deliveryService;
  return {
    ...consumerSettings(config),
    groupId: config.NOTIFICATIONS_GROUP,
    concurrency: config.WORKER_CONCURRENCY,
    batchConcurrency: concurrency || undefined,
    handlers: [onEvent(event, async ({ value }) => void (await delivery.deliver(value)))],
  };
}
