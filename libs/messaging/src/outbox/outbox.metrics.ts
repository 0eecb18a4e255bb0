import { counter, gauge, histogram } from '@perflab/observability';

export const outboxPublishedTotal = counter('outbox_events_published_total', 'Outbox rows published to Kafka', [
  'topic',
]);
export const outboxFailuresTotal = counter(
  'outbox_relay_failures_total',
  'Outbox drains that failed (the rows stay and are retried with backoff), by reason',
  ['reason'],
);
export const outboxPublishLatency = histogram(
  'outbox_publish_latency_seconds',
  'From the commit of an outbox row to its acknowledgement by Kafka (Postgres clock on both ends)',
  ['topic'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
);
export const outboxDeadLetteredTotal = counter(
  'outbox_dead_lettered_total',
  'Outbox rows their contract refuses, moved to outbox_dead_letters (with the error) so the rows behind them go out',
  ['topic'],
);
// Every cluster worker reads the same table: merge with max, not sum.
export const outboxDepth = gauge('outbox_events_pending', 'Rows waiting in the outbox at the last check', [], 'max');
export const outboxOldestAge = gauge(
  'outbox_oldest_event_age_seconds',
  'Age of the oldest row waiting in the outbox at the last check (0 when empty)',
  [],
  'max',
);
