/** Tracing is opt-in: only OTEL_ENABLED=true turns it on. */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.OTEL_ENABLED === 'true';
}
