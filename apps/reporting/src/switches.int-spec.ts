import { randomUUID } from 'node:crypto';
import { createTokenMinter } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from './seed/load-history';
import { startTestApp, type TestApp } from './testing/reporting-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('report_switch');
const COMPANY = 'company-0001';
const PATH = `/v1/metrics/${COMPANY}?from=2025-12-01&to=2026-11-30`;

/**
 * Each of the 003 switches the compare flips changes what the service does. The probe is a
 * change written straight into Postgres, behind the consumer's back (no cache version bump):
 * whoever reads Postgres on every request sees it at once, a cached report does not; the
 * rollups see a change to the rollups, the raw source does not.
 */
describe('the 003 switches (REPORT_CACHE_ENABLED, REPORT_SOURCE, DATABASE_POOL_SIZE)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;
  let token: string;
  const apps: TestApp[] = [];
  let env: Record<string, string>;

  const start = async (overrides: Record<string, string>) => {
    const app = await startTestApp({ ...env, ...overrides });
    apps.push(app);
    return app;
  };
  const sessions = async (app: TestApp) => {
    const reply = await app.request<{ sessions: number }>('GET', PATH, { token });
    expect(reply.status).toBe(200);
    return reply.body.sessions;
  };
  /** Adds `n` sessions to the company's latest rollup day, as if the consumer had (without the bump). */
  const addToRollups = (n: number) =>
    pg.query(
      `UPDATE reporting.daily_company_metrics SET sessions = sessions + $2
       WHERE company_id = $1 AND day = (SELECT max(day) FROM reporting.daily_company_metrics WHERE company_id = $1)`,
      [COMPANY, n],
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadHistory(database.url, { seed: 3, events: 5_000, companies: 4, until: '2026-11-30' });
    const minter = await createTokenMinter();
    token = await minter.token(randomUUID(), { companyId: COMPANY });
    env = { ...serviceEnv(names, database.url, minter.publicKeysJson), WORKER_ENABLED: 'false' };
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await pg?.end();
    await cleanUp(names);
    await database?.drop();
  });

  it('REPORT_CACHE_ENABLED=false: every read goes to Postgres; true: a repeat read is answered from the cache', async () => {
    const cached = await start({ REPORT_CACHE_ENABLED: 'true' });
    const uncached = await start({ REPORT_CACHE_ENABLED: 'false' });
    const before = await sessions(cached);
    expect(await sessions(uncached)).toBe(before);
    await addToRollups(1_000);
    expect(await sessions(uncached)).toBe(before + 1_000);
    expect(await sessions(cached)).toBe(before); // the entry of the first read, within its TTL
    await addToRollups(-1_000);
  });

  it('REPORT_SOURCE=raw aggregates impact_events on every read; rollups reads the rollup tables', async () => {
    const rollups = await start({ REPORT_SOURCE: 'rollups', REPORT_CACHE_ENABLED: 'false' });
    const raw = await start({ REPORT_SOURCE: 'raw', REPORT_CACHE_ENABLED: 'false' });
    const before = await sessions(raw);
    expect(await sessions(rollups)).toBe(before); // the same numbers from both (seed.int-spec: every figure)
    await addToRollups(7);
    expect(await sessions(rollups)).toBe(before + 7);
    expect(await sessions(raw)).toBe(before);
    await addToRollups(-7);
  });

  it('DATABASE_POOL_SIZE is the pool each worker opens at most (/health shows it)', async () => {
    for (const size of ['20', '50']) {
      const app = await start({ DATABASE_POOL_SIZE: size });
      const health = await app.request<{ checks: { database: { pool: { max: number } } } }>('GET', '/health');
      expect(health.body.checks.database.pool.max).toBe(Number(size));
    }
  });
});
