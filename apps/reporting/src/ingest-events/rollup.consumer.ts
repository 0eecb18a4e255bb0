import { onEvent, type ConsumerOptions } from '@perflab/messaging';
import type { ReportingConfig } from '../reporting.config';
import type { FeedbackReceivedEvent, SessionCompletedEvent } from '../shared/impact.events';
import type { IngestEventsService } from './ingest-events.service';

/**
 * The `reporting-rollups` group on ingestion's two topics. Batch mode: a fetched batch is
 * stored concurrently, in order per company (the message key), so one company's rollup rows
 * are never updated by two statements at once. Null on an API-only instance.
 */
export function rollupConsumerOptions(
  config: ReportingConfig,
  sessions: SessionCompletedEvent,
  feedback: FeedbackReceivedEvent,
  ingest: IngestEventsService,
): ConsumerOptions | null {
  if (!config.WORKER_ENABLED) return null;
  return {
    groupId: config.REPORTING_GROUP,
    concurrency: config.CONSUMER_CONCURRENCY,
    batchConcurrency: config.CONSUMER_BATCH_CONCURRENCY || undefined,
    retries: config.CONSUMER_RETRIES,
    backoffMs: config.CONSUMER_BACKOFF_MS,
    maxBackoffMs: config.CONSUMER_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: config.CONSUMER_REBALANCE_TIMEOUT_MS,
    heartbeatIntervalMs: config.CONSUMER_HEARTBEAT_INTERVAL_MS,
    maxWaitTimeMs: config.CONSUMER_MAX_WAIT_MS,
    handlers: [
      onEvent(sessions, async ({ value }) => void (await ingest.session(value))),
      onEvent(feedback, async ({ value }) => void (await ingest.feedback(value))),
    ],
  };
}
