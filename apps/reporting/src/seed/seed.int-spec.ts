import { randomUUID } from 'node:crypto';
import { createTokenMinter } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/reporting-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from '../testing/test-stack';
import { loadHistory, seedIfEmpty } from './load-history';

const names = isolatedNames('report_seed');
const options = { seed: 7, events: 30_000, companies: 20, until: '2026-11-30' };

describe('the reporting seed (deterministic history, rollups built from it)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let rollups: TestApp;
  let raw: TestApp;
  let adminToken: string;
  let pg: Client;

  const fingerprint = async () =>
    (
      await pg.query<{ md5: string }>(
        `SELECT md5(string_agg(event_id || company_id || kind || occurred_at::text || coalesce(volunteer_hours::text, '')
           || coalesce(score::text, ''), ',' ORDER BY event_id)) AS md5 FROM reporting.impact_events`,
      )
    ).rows[0].md5;

  /** Every rollup table, row by row in key order: the same seed must give the same reports. */
  const rollupFingerprint = async () =>
    (
      await pg.query<{ md5: string }>(
        `SELECT md5(concat_ws('|',
           (SELECT string_agg(concat_ws(',', company_id, day, sessions, volunteer_hours, feedback_count, feedback_score_sum), ';' ORDER BY company_id, day) FROM reporting.daily_company_metrics),
           (SELECT string_agg(concat_ws(',', company_id, day, volunteer_id), ';' ORDER BY company_id, day, volunteer_id) FROM reporting.daily_volunteers),
           (SELECT string_agg(concat_ws(',', company_id, day, participant_id), ';' ORDER BY company_id, day, participant_id) FROM reporting.daily_participants),
           (SELECT string_agg(concat_ws(',', company_id, volunteer_id, month, sessions), ';' ORDER BY company_id, volunteer_id, month) FROM reporting.volunteer_months),
           (SELECT string_agg(concat_ws(',', company_id, volunteer_id, first_month), ';' ORDER BY company_id, volunteer_id) FROM reporting.volunteer_cohorts))) AS md5`,
      )
    ).rows[0].md5;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadHistory(database.url, options);
    const minter = await createTokenMinter();
    adminToken = await minter.token(randomUUID(), { role: 'ADMIN' });
    const env = { ...serviceEnv(names, database.url, minter.publicKeysJson), WORKER_ENABLED: 'false' };
    rollups = await startTestApp({ ...env, REPORT_CACHE_ENABLED: 'false' });
    raw = await startTestApp({ ...env, REPORT_CACHE_ENABLED: 'false', REPORT_SOURCE: 'raw' });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    await rollups?.close();
    await raw?.close();
    await pg?.end();
    await cleanUp(names);
    await database?.drop();
  });

  it('loads the same events and builds the same rollups for the same seed, every time', async () => {
    const first = { events: await fingerprint(), rollups: await rollupFingerprint() };
    await loadHistory(database.url, options);
    expect({ events: await fingerprint(), rollups: await rollupFingerprint() }).toEqual(first);
    expect((await pg.query('SELECT count(*)::int AS n FROM reporting.impact_events')).rows[0].n).toBe(options.events);
    // Another seed number is another history (the fingerprints see the difference).
    await loadHistory(database.url, { ...options, seed: 8 });
    expect(await fingerprint()).not.toBe(first.events);
    expect(await rollupFingerprint()).not.toBe(first.rollups);
    await loadHistory(database.url, options);
    expect(await rollupFingerprint()).toBe(first.rollups);
  });

  it('leaves every key and index of the migration in place after a bulk load (the consumer upserts on them)', async () => {
    const { rows } = await pg.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'reporting' AND tablename <> '_prisma_migrations' ORDER BY 1",
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'daily_company_metrics_pkey',
      'daily_participants_pkey',
      'daily_volunteers_pkey',
      'impact_events_company_kind_occurred_idx',
      'impact_events_pkey',
      'volunteer_cohorts_company_first_month_idx',
      'volunteer_cohorts_pkey',
      'volunteer_months_pkey',
    ]);
  });

  it('loads nothing over existing data when asked to seed only an empty database', async () => {
    expect(await seedIfEmpty(database.url, { ...options, seed: 8 }, () => undefined)).toBeUndefined();
  });

  it('builds rollups that answer what the raw events answer, for a large and a small company', async () => {
    for (const company of ['company-0001', 'company-0015']) {
      for (const path of [`/v1/metrics/${company}`, `/v1/metrics/${company}/vis`, `/v1/cohort/${company}/all`]) {
        const range = '?from=2025-12-01&to=2026-11-30';
        const [a, b] = await Promise.all([
          rollups.request('GET', `${path}${range}`, { token: adminToken }),
          raw.request('GET', `${path}${range}`, { token: adminToken }),
        ]);
        expect(a.status).toBe(200);
        expect(a.body, path).toEqual(b.body);
      }
    }
    const largest = await rollups.request<{ sessions: number }>(
      'GET',
      '/v1/metrics/company-0001?from=2024-01-01&to=2026-11-30',
      {
        token: adminToken,
      },
    );
    expect(largest.body.sessions).toBeGreaterThan(1_000);
  });
});
