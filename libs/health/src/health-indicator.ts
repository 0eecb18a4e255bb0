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
