import { collectDefaultMetrics } from 'prom-client';
import { metricsRegistry } from './registry';

let collecting = false;

/**
 * Node process metrics (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
 * heap, GC) on the process registry. Idempotent: prom-client throws if its default
 * metrics are registered twice. Called by `metricsRoute`, so every process (or
 * cluster worker) that serves metrics reports its own.
 */
export function collectProcessMetrics(): void {
  if (collecting || metricsRegistry.getSingleMetric('process_cpu_seconds_total') !== undefined) {
    collecting = true;
    return;
  }
  collectDefaultMetrics({ register: metricsRegistry });
  collecting = true;
}
