import { collectDefaultMetrics } from 'prom-client';
import { metricsRegistry } from './registry';

/**
 * How often prom-client's event-loop delay monitor samples (its `nodejs_eventloop_lag_p50…p99`,
 * min, max, mean gauges). prom-client's own default is 10 ms: a timer waking every process 100
 * times a second, idle or not, which was most of a service process's wakeups and ~0.7 of the
 * service's extra wakeups per request in the bench (ADR 0016). At 100 ms a stall shorter than
 * the resolution is caught in proportion to its length; `nodejs_eventloop_lag_seconds` (the
 * documents' metric) is measured at each scrape and does not depend on it.
 */
export const DEFAULT_EVENT_LOOP_RESOLUTION_MS = 100;

export interface ProcessMetricsOptions {
  /** The event-loop delay monitor's sampling interval; default DEFAULT_EVENT_LOOP_RESOLUTION_MS. */
  eventLoopResolutionMs?: number;
}

let collecting = false;

/**
 * Node process metrics (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
 * heap, GC) on the process registry. Idempotent: prom-client throws if its default
 * metrics are registered twice. Called by `metricsRoute`, so every process (or
 * cluster worker) that serves metrics reports its own.
 */
export function collectProcessMetrics(options: ProcessMetricsOptions = {}): void {
  if (collecting || metricsRegistry.getSingleMetric('process_cpu_seconds_total') !== undefined) {
    collecting = true;
    return;
  }
  collectDefaultMetrics({
    register: metricsRegistry,
    eventLoopMonitoringPrecision: options.eventLoopResolutionMs ?? DEFAULT_EVENT_LOOP_RESOLUTION_MS,
  });
  collecting = true;
}
