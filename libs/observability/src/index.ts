// First, so that importing this lib first in main.ts starts tracing (when OTEL_ENABLED=true)
// before anything it instruments is loaded.
import './tracing/register';

export { LATENCY_BUCKETS, counter, gauge, histogram, metricsRegistry } from './metrics/registry';
export {
  counterSeries,
  histogramSeries,
  histogramSeriesBy,
  type CounterSeries,
  type HistogramSeries,
} from './metrics/metric-series';
export {
  collectProcessMetrics,
  DEFAULT_EVENT_LOOP_RESOLUTION_MS,
  type ProcessMetricsOptions,
} from './metrics/process-metrics';
export { registerHttpMetrics, type HttpMetricsOptions } from './metrics/http-metrics';
export { UNMATCHED_ROUTE, isInternalRoute, routeLabel } from './metrics/route-label';
export { metricsRoute, type MetricsRouteOptions } from './metrics/metrics-route';
export {
  collectMetrics,
  installClusterMetricsPrimary,
  installClusterMetricsWorker,
  type MetricsPayload,
} from './metrics/cluster-metrics';

export { createLogger, type Logger, type LoggerOptions } from './logging/logger';
export { logFatal } from './logging/log-fatal';
export { fastifyLoggingOptions, type FastifyLoggingOptions } from './logging/fastify-logging';
export { REQUEST_ID_HEADER, registerRequestId, requestIdFor } from './logging/request-id';

export { pauseStackCapture, withoutStack } from './errors/without-stack';

export { shutdownTracing } from './tracing/shutdown';
export { tracingEnabled } from './tracing/tracing-enabled';

export { LOGGER, ObservabilityModule } from './nest/observability.module';
export { PinoNestLogger } from './nest/pino-nest-logger';
