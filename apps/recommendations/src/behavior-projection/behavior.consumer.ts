import { onEvent, type ConsumerOptions } from '@perflab/messaging';
import type { RecommendationsConfig } from '../recommendations.config';
import type { UserBehaviorEvent } from '../shared/behavior.events';
import type { BehaviorProjectionService } from './behavior-projection.service';

/**
 * The document's `ecomm-consumers` group on user.behavior: batch mode, in order per user (the
 * key), users in parallel. A message that breaks the contract goes to `<topic>.dlt` (the lib);
 * an outage of ours is retried until it passes. Null on an API-only instance.
 */
export function behaviorConsumerOptions(
  config: RecommendationsConfig,
  event: UserBehaviorEvent,
  projection: BehaviorProjectionService,
): ConsumerOptions | null {
  if (!config.WORKER_ENABLED) return null;
  return {
    groupId: config.BEHAVIOR_GROUP,
    concurrency: config.WORKER_CONCURRENCY,
    batchConcurrency: config.BEHAVIOR_BATCH_CONCURRENCY,
    retries: config.BEHAVIOR_RETRIES,
    backoffMs: config.BEHAVIOR_BACKOFF_MS,
    maxBackoffMs: config.BEHAVIOR_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: config.CONSUMER_REBALANCE_TIMEOUT_MS,
    heartbeatIntervalMs: config.CONSUMER_HEARTBEAT_INTERVAL_MS,
    maxWaitTimeMs: config.CONSUMER_MAX_WAIT_MS,
    handlers: [onEvent(event, ({ value }) => projection.project(value))],
  };
}
