/**
 * Instrumentations on by default: the libraries perflab actually talks through.
 * `fs`, `dns`, `net` (and everything else in auto-instrumentations) stay off: they
 * add spans per syscall and cost on every request. Fastify has no instrumentation in
 * auto-instrumentations any more; `http` gives the server span and `nestjs-core` the
 * controller/handler spans with the route. Override with the standard
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS (comma-separated suffixes).
 */
export const DEFAULT_INSTRUMENTATIONS = ['http', 'undici', 'nestjs-core', 'pg', 'ioredis', 'kafkajs'] as const;

/**
 * Standard OTEL_* variables this lib defaults when unset. Traces only: metrics go to
 * Prometheus through prom-client, logs to stdout through pino, so the SDK's OTLP
 * metrics and logs exporters are off unless asked for.
 */
export function otelEnvDefaults(env: NodeJS.ProcessEnv): Record<string, string> {
  const defaults: Record<string, string> = {
    OTEL_NODE_ENABLED_INSTRUMENTATIONS: DEFAULT_INSTRUMENTATIONS.join(','),
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !env[name]));
}
