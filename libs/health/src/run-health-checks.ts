import type { HealthCheckEntry, HealthIndicator, HealthReport } from './health-indicator';

export interface RunHealthChecksOptions {
  /** A check slower than this is reported down: a hung dependency must not hang readiness. */
  timeoutMs?: number;
  /** Readiness: indicators with `readiness: false` are reported but do not make the report `error`. */
  readiness?: boolean;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function runOne(indicator: HealthIndicator, timeoutMs: number): Promise<HealthCheckEntry> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`check timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([indicator.check(), timeout]);
    return { latencyMs: round(performance.now() - started), ...result };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check concurrently; the report is `ok` only when all (that count) are up. */
export async function runHealthChecks(
  indicators: readonly HealthIndicator[],
  { timeoutMs = 3_000, readiness = false }: RunHealthChecksOptions = {},
): Promise<HealthReport> {
  const entries = await Promise.all(
    indicators.map(async (indicator) => [indicator, await runOne(indicator, timeoutMs)] as const),
  );
  const checks = Object.fromEntries(entries.map(([indicator, entry]) => [indicator.name, entry]));
  const counts = (indicator: HealthIndicator) => !readiness || indicator.readiness !== false;
  const status = entries.every(([indicator, entry]) => entry.status === 'up' || !counts(indicator)) ? 'ok' : 'error';
  return { status, checks };
}
