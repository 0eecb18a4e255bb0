import { counter, gauge } from '@perflab/observability';

// Names kept exactly as the load-test documents query them.
export const publishedTotal = counter('kafka_messages_published_total', 'Kafka messages acknowledged by the broker', [
  'topic',
]);
export const publishErrorsTotal = counter('kafka_publish_errors_total', 'Kafka messages that could not be published', [
  'topic',
]);
export const consumedTotal = counter(
  'kafka_messages_consumed_total',
  'Kafka messages consumed, by outcome: success, failed (dead-lettered after retries), invalid (dead-lettered, failed its contract)',
  ['topic', 'group', 'outcome'],
);
export const consumerLagGauge = gauge(
  'kafka_consumer_lag',
  'Messages not yet committed by the group: end offset minus committed offset',
  ['topic', 'partition', 'group'],
  // Every cluster worker reads the same group's lag from the broker: merge with max, not
  // the default sum, or /metrics would report WORKERS × the real lag.
  'max',
);
/** The same number under kafka_exporter's name, so the documents' PromQL works without an exporter. */
export const consumerGroupLagGauge = gauge(
  'kafka_consumergroup_lag',
  'Messages not yet committed by the group (kafka_exporter naming)',
  ['consumergroup', 'topic', 'partition'],
  'max',
);
