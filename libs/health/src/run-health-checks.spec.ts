import { describe, expect, it } from 'vitest';
import { runHealthChecks } from './run-health-checks';
import type { HealthIndicator } from './health-indicator';

const up = (name: string, details: Record<string, unknown> = {}): HealthIndicator => ({
  name,
  check: async () => ({ status: 'up', ...details }),
});

describe('runHealthChecks', () => {
  it('is ok when every dependency is up, keeping their details and adding latency', async () => {
    const report = await runHealthChecks([
      up('database', { pool: { total: 2, idle: 1, waiting: 0, max: 10 } }),
      up('redis'),
    ]);
    expect(report.status).toBe('ok');
    expect(report.checks.database).toMatchObject({
      status: 'up',
      pool: { total: 2, idle: 1, waiting: 0, max: 10 },
    });
    expect(typeof report.checks.redis.latencyMs).toBe('number');
  });

  it('keeps the latency an indicator measured itself', async () => {
    const report = await runHealthChecks([up('redis', { latencyMs: 0.42 })]);
    expect(report.checks.redis.latencyMs).toBe(0.42);
  });

  it('is error when one dependency is down', async () => {
    const down: HealthIndicator = {
      name: 'kafka',
      check: async () => ({ status: 'down', error: 'no broker' }),
    };
    const report = await runHealthChecks([up('database'), down]);
    expect(report.status).toBe('error');
    expect(report.checks.kafka).toMatchObject({
      status: 'down',
      error: 'no broker',
    });
    expect(report.checks.database.status).toBe('up');
  });

  it('for readiness, shows a readiness: false dependency that is down without failing on it', async () => {
    const kafka: HealthIndicator = { name: 'kafka', readiness: false, check: async () => ({ status: 'down' }) };
    const ready = await runHealthChecks([up('database'), kafka], { readiness: true });
    expect(ready.status).toBe('ok');
    expect(ready.checks.kafka.status).toBe('down');
    // Asked for by name (/health/kafka), it says what it is.
    expect((await runHealthChecks([kafka])).status).toBe('error');
  });

  it('reports a throwing check as down with its message', async () => {
    const broken: HealthIndicator = {
      name: 'database',
      check: async () => {
        throw new Error('connection refused');
      },
    };
    const report = await runHealthChecks([broken]);
    expect(report).toMatchObject({
      status: 'error',
      checks: { database: { status: 'down', error: 'connection refused' } },
    });
  });

  it('reports a hung check as down after the timeout', async () => {
    const hung: HealthIndicator = {
      name: 'redis',
      check: () => new Promise(() => undefined),
    };
    const report = await runHealthChecks([hung], { timeoutMs: 50 });
    expect(report.checks.redis).toMatchObject({
      status: 'down',
      error: 'check timed out after 50 ms',
    });
  });

  it('is ok with no dependencies at all', async () => {
    expect(await runHealthChecks([])).toEqual({ status: 'ok', checks: {} });
  });
});
