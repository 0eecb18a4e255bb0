export { LATENCY_BUCKETS, counter, gauge, histogram, metricsRegistry } from './metrics/registry';
