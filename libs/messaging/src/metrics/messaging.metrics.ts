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
);
/** The same number under kafka_exporter's name, so the documents' PromQL works without an exporter. */
export const consumerGroupLagGauge = gauge(
  'kafka_consumergroup_lag',
  'Messages not yet committed by the group (kafka_exporter naming)',
  ['consumergroup', 'topic', 'partition'],
);

// Every cluster worker measures the same group's lag from the broker: aggregate with max,
// not prom-client's default sum, or /metrics reports WORKERS × the real lag. (The gauge
// helper takes no aggregator option, so it is set on the metric, where prom-client reads it.)
for (const lag of [consumerLagGauge, consumerGroupLagGauge]) Object.assign(lag, { aggregator: 'max' });
