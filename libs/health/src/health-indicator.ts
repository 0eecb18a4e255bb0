/**
 * What a dependency reports about itself. `status` is required; anything else
 * (latencyMs, pool state, consumer lag, an error message) is shown as-is in
 * the health response, so keep it free of secrets.
 */
export interface HealthCheckResult {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/**
 * One dependency check, implemented by the lib that owns the dependency
 * (database, cache, messaging) so this lib never imports them.
 * `check()` should not throw, but if it does the dependency is reported down.
 */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<HealthCheckResult>;
  /**
   * Default true. false: shown in `/health` but never makes it 503 (only `/health/<name>`), for a
   * dependency the service works without for a while — ingestion keeps accepting webhooks into
   * its outbox while Kafka is down, so taking it out of rotation would refuse what it can store.
   */
  readonly readiness?: boolean;
}

export type HealthCheckEntry = HealthCheckResult & { latencyMs: number };

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, HealthCheckEntry>;
}

export function isHealthIndicator(value: unknown): value is HealthIndicator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HealthIndicator).name === 'string' &&
    typeof (value as HealthIndicator).check === 'function'
  );
}
