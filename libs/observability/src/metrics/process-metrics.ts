import { collectDefaultMetrics } from 'prom-client';
import { metricsRegistry } from './registry';

/**
 * How often prom-client's event-loop delay monitor samples (its `nodejs_eventloop_lag_p50…p99`,
 * min, max, mean gauges): prom-client's own 10 ms, a timer that wakes every process 100 times a
 * second, idle or not. At 100 ms an idle process wakes ~10 times a second instead, and the service
 * ~0.5 fewer times per request under the bench's load, but two counterbalanced compares showed
 * neither CPU per request nor any p95 change (ADR 0016): the default stays.
 * `nodejs_eventloop_lag_seconds` (the documents' metric) is measured at each scrape, not by it.
 */
export const DEFAULT_EVENT_LOOP_RESOLUTION_MS = 10;

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
