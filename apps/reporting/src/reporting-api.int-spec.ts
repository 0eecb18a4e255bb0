import { randomUUID } from 'node:crypto';
import { metricsRegistry } from '@perflab/observability';
import { createTokenMinter, waitFor } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortsResponse } from './get-cohorts/cohorts.response';
import { metricsResponse } from './get-metrics/metrics.response';
import { sroiResponse } from './get-sroi/sroi.response';
import { visResponse } from './get-vis/vis.response';
import { feedback, session } from './testing/impact-fixture';
import { startTestApp, type TestApp } from './testing/reporting-test-app';
import { cleanUp, createIngestionStandIn, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('report_api');
const acme = `acme-${randomUUID().slice(0, 8)}`;
const globex = `globex-${randomUUID().slice(0, 8)}`;
const Q1 = '?from=2026-01-01&to=2026-03-31';

/**
 * The hand-computed fixture (README "Worked numbers"): acme, Q1 2026, 7 sessions by 4
 * volunteers for 5 participants, 16 hours, feedback 8, 10, 6. Session e3 and feedback f1
 * arrive twice. e7 completes at 23:30 UTC on 31 March: still March.
 */
const acmeSessions = [
  session(acme, 'e1', '2026-01-10T10:00:00Z', 'v1', 'p1', 2),
  session(acme, 'e2', '2026-01-15T10:00:00Z', 'v2', 'p2', 1.5),
  session(acme, 'e3', '2026-01-20T10:00:00Z', 'v1', 'p3', 3),
  session(acme, 'e4', '2026-02-05T10:00:00Z', 'v1', 'p1', 2.5),
  session(acme, 'e5', '2026-02-10T10:00:00Z', 'v3', 'p4', 1),
  session(acme, 'e6', '2026-03-12T10:00:00Z', 'v2', 'p2', 2),
  session(acme, 'e7', '2026-03-31T23:30:00Z', 'v4', 'p5', 4),
];
const acmeFeedback = [
  feedback(acme, 'f1', '2026-01-11T09:00:00Z', 8),
  feedback(acme, 'f2', '2026-02-06T09:00:00Z', 10),
  feedback(acme, 'f3', '2026-03-13T09:00:00Z', 6),
];

describe('reporting service over HTTP (Postgres, Redis, Kafka)', () => {
  let app: TestApp;
  let raw: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ingestion: Awaited<ReturnType<typeof createIngestionStandIn>>;
  let pg: Client;
  let acmeToken: string;
  let globexToken: string;
  let noCompanyToken: string;
  let adminToken: string;

  const storedEvents = async () =>
    Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM reporting.impact_events')).rows[0].n);
  const duplicates = async () => {
    const text = await metricsRegistry.getSingleMetricAsString('reporting_events_total');
    return [...text.matchAll(/outcome="duplicate"\} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    [acmeToken, globexToken, noCompanyToken, adminToken] = await Promise.all([
      minter.token(randomUUID(), { companyId: acme }),
      minter.token(randomUUID(), { companyId: globex }),
      minter.token(randomUUID()),
      minter.token(randomUUID(), { role: 'ADMIN' }),
    ]);
    ingestion = await createIngestionStandIn(names);
    const env = serviceEnv(names, database.url, minter.publicKeysJson);
    app = await startTestApp(env);
    // The compare's "before": no rollups read, no cache, no consumer; same database.
    raw = await startTestApp({ ...env, REPORT_SOURCE: 'raw', REPORT_CACHE_ENABLED: 'false', WORKER_ENABLED: 'false' });
    pg = new Client({ connectionString: database.url });
    await pg.connect();

    await ingestion.sessions([...acmeSessions, acmeSessions[2]]);
    await ingestion.sessions([session(globex, 'g1', '2026-01-12T10:00:00Z', 'v9', 'p9', 5)]);
    await ingestion.feedback([...acmeFeedback, acmeFeedback[0]]);
    await waitFor(async () => (await storedEvents()) === 11 && (await duplicates()) === 2, {
      timeoutMs: 30_000,
      what: '11 events stored and 2 duplicates seen',
    });
  });

  afterAll(async () => {
    await app?.close();
    await raw?.close();
    await pg?.end();
    await ingestion?.close();
    await cleanUp(names);
    await database?.drop();
  });

  it('reports the fixture by hand-computed numbers, duplicates counted once', async () => {
    const metrics = await app.request('GET', `/v1/metrics/${acme}${Q1}`, { token: acmeToken });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toEqual({
      companyId: acme,
      from: '2026-01-01',
      to: '2026-03-31',
      sessions: 7,
      volunteerHours: 16,
      volunteers: 4,
      participants: 5,
      retainedVolunteers: 2, // v1 (Jan, Feb) and v2 (Jan, Mar)
      feedback: { count: 3, averageScore: 8 },
    });
    expect(metricsResponse.safeParse(metrics.body).error).toBeUndefined(); // as documented (OpenAPI)
  });

  it('computes SROI by the README formula', async () => {
    const reply = await app.request('GET', `/v1/metrics/${acme}/sroi${Q1}`, { token: acmeToken });
    expect(reply.status).toBe(200);
    // 16 h × 34.79 = 556.64, (24 / 10) × 50 = 120 → 676.64; 16 × 12 + 7 × 5 = 227; 676.64 / 227 = 2.98
    expect(reply.body).toMatchObject({
      outcomeUnits: 2.4,
      socialValue: { volunteering: 556.64, outcomes: 120, total: 676.64 },
      investment: 227,
      ratio: 2.98,
    });
    expect(sroiResponse.safeParse(reply.body).error).toBeUndefined();
  });

  it('computes VIS by the README formula', async () => {
    const reply = await app.request('GET', `/v1/metrics/${acme}/vis${Q1}`, { token: acmeToken });
    expect(reply.status).toBe(200);
    // 100 × (0.3 × 16/4/20 + 0.2 × 5/4/5 + 0.3 × 7/9 + 0.2 × 2/4) = 100 × (0.06 + 0.05 + 0.2333 + 0.1) = 44.3
    expect(reply.body).toMatchObject({
      score: 44.3,
      components: { hours: 0.2, reach: 0.25, feedback: 0.778, retention: 0.5 },
    });
    expect(visResponse.safeParse(reply.body).error).toBeUndefined();
  });

  it('builds cohorts by first-session month with retention over the following months', async () => {
    const reply = await app.request('GET', `/v1/cohort/${acme}/all${Q1}`, { token: acmeToken });
    expect(reply.status).toBe(200);
    expect(cohortsResponse.safeParse(reply.body).error).toBeUndefined();
    expect(reply.body.cohorts).toEqual([
      {
        cohort: '2026-01',
        size: 2,
        retention: [
          { month: 0, active: 2, rate: 1 },
          { month: 1, active: 1, rate: 0.5 },
          { month: 2, active: 1, rate: 0.5 },
        ],
      },
      {
        cohort: '2026-02',
        size: 1,
        retention: [
          { month: 0, active: 1, rate: 1 },
          { month: 1, active: 0, rate: 0 },
        ],
      },
      { cohort: '2026-03', size: 1, retention: [{ month: 0, active: 1, rate: 1 }] },
    ]);
  });

  it('narrows every report to the range', async () => {
    const feb = '?from=2026-02-01&to=2026-02-28';
    const metrics = await app.request('GET', `/v1/metrics/${acme}${feb}`, { token: acmeToken });
    expect(metrics.body).toMatchObject({ sessions: 2, volunteerHours: 3.5, volunteers: 2, participants: 2 });
    expect(metrics.body).toMatchObject({ retainedVolunteers: 0, feedback: { count: 1, averageScore: 10 } });
    const cohorts = await app.request('GET', `/v1/cohort/${acme}/all${feb}`, { token: acmeToken });
    expect(cohorts.body.cohorts).toEqual([
      { cohort: '2026-02', size: 1, retention: [{ month: 0, active: 1, rate: 1 }] },
    ]);
  });

  it('answers the same numbers from the raw events as from the rollups', async () => {
    for (const path of [
      `/v1/metrics/${acme}`,
      `/v1/metrics/${acme}/sroi`,
      `/v1/metrics/${acme}/vis`,
      `/v1/cohort/${acme}/all`,
    ]) {
      for (const range of [Q1, '?from=2026-02-01&to=2026-02-28', '?from=2026-01-15&to=2026-03-12']) {
        const [fromRollups, fromRaw] = await Promise.all([
          app.request('GET', `${path}${range}`, { token: adminToken }),
          raw.request('GET', `${path}${range}`, { token: adminToken }),
        ]);
        expect(fromRaw.status).toBe(200);
        expect(fromRaw.body, `${path}${range}`).toEqual(fromRollups.body);
      }
    }
  });

  it('reflects a new event long before the cache TTL runs out', async () => {
    const path = `/v1/metrics/${acme}?from=2026-04-01&to=2026-04-30`;
    const before = await app.request('GET', path, { token: acmeToken });
    expect(before.body).toMatchObject({ sessions: 0 });
    const cached = await app.request('GET', path, { token: acmeToken }); // served from Redis now
    expect(cached.body).toEqual(before.body);

    const publishedAt = Date.now();
    await ingestion.sessions([session(acme, 'e8', '2026-04-02T10:00:00Z', 'v5', 'p6', 1.25)]);
    await waitFor(
      async () => ((await app.request('GET', path, { token: acmeToken })).body as { sessions: number }).sessions === 1,
      { timeoutMs: 20_000, what: 'the April session in /v1/metrics' },
    );
    expect(Date.now() - publishedAt).toBeLessThan(20_000); // the TTL is 300 s
    const after = await app.request('GET', path, { token: acmeToken });
    expect(after.body).toMatchObject({ sessions: 1, volunteerHours: 1.25, volunteers: 1, participants: 1 });
  });

  it('moves a volunteer to an earlier cohort when an earlier session arrives late', async () => {
    const initech = `initech-${randomUUID().slice(0, 8)}`;
    const path = `/v1/cohort/${initech}/all${Q1}`;
    await ingestion.sessions([session(initech, 'i2', '2026-02-10T10:00:00Z', 'v1', 'p1', 1)]);
    await waitFor(
      async () => ((await app.request('GET', path, { token: adminToken })).body.cohorts as unknown[]).length === 1,
      {
        what: 'the February cohort',
      },
    );
    await ingestion.sessions([session(initech, 'i1', '2026-01-05T10:00:00Z', 'v1', 'p1', 1)]);
    const january = {
      cohort: '2026-01',
      size: 1,
      retention: [
        { month: 0, active: 1, rate: 1 },
        { month: 1, active: 1, rate: 1 },
        { month: 2, active: 0, rate: 0 },
      ],
    };
    const firstCohort = async () =>
      (await app.request<{ cohorts: { cohort: string }[] }>('GET', path, { token: adminToken })).body.cohorts[0]
        ?.cohort;
    await waitFor(async () => (await firstCohort()) === '2026-01', { what: 'the volunteer in the January cohort' });
    const [fromRollups, fromRaw] = await Promise.all([
      app.request('GET', path, { token: adminToken }),
      raw.request('GET', path, { token: adminToken }),
    ]);
    expect(fromRollups.body.cohorts).toEqual([january]);
    expect(fromRaw.body.cohorts).toEqual([january]);
  });

  describe('who sees what', () => {
    it("refuses another company's reports with 403 naming companyId, on every endpoint", async () => {
      for (const path of [
        `/v1/metrics/${acme}`,
        `/v1/metrics/${acme}/sroi`,
        `/v1/metrics/${acme}/vis`,
        `/v1/cohort/${acme}/all`,
      ]) {
        for (const token of [globexToken, noCompanyToken]) {
          const reply = await app.request('GET', `${path}${Q1}`, { token });
          expect(reply.status, path).toBe(403);
          expect(reply.body).toMatchObject({ status: 403, code: 'FORBIDDEN', field: 'companyId' });
        }
      }
    });

    it('lets a company read its own and an ADMIN read any', async () => {
      const own = await app.request('GET', `/v1/metrics/${globex}${Q1}`, { token: globexToken });
      expect(own.body).toMatchObject({ sessions: 1, volunteerHours: 5 });
      const admin = await app.request('GET', `/v1/metrics/${acme}${Q1}`, { token: adminToken });
      expect(admin.body).toMatchObject({ sessions: 7 });
    });

    it('answers 401 without a token', async () => {
      const reply = await app.request('GET', `/v1/metrics/${acme}`);
      expect(reply.status).toBe(401);
    });
  });

  describe('bad input', () => {
    const cases: [string, string][] = [
      ['?from=2026-02-30', 'from'],
      ['?from=yesterday', 'from'],
      ['?to=2026-13-01', 'to'],
      ['?from=2026-03-01&to=2026-02-01', 'from'],
      ['?from=2000-01-01&to=2026-01-01', 'to'],
      ['?since=2026-01-01', 'since'],
    ];
    it.each(cases)('%s → 400 naming %s', async (query, field) => {
      const reply = await app.request('GET', `/v1/metrics/${acme}${query}`, { token: acmeToken });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
    });

    it('serves a company id as long as the contract allows, whatever its characters', async () => {
      // The router's 100-character limit (414) applies to the decoded parameter: 64 always pass.
      for (const longest of ['#/?%'.repeat(16), '公司'.repeat(32)]) {
        const reply = await app.request('GET', `/v1/metrics/${encodeURIComponent(longest)}`, { token: adminToken });
        expect(reply.status, reply.text).toBe(200);
        expect(reply.body).toMatchObject({ companyId: longest, sessions: 0 });
      }
    });

    it('refuses a company id longer than the contract allows', async () => {
      const reply = await app.request('GET', `/v1/metrics/${'x'.repeat(65)}`, { token: adminToken });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ field: 'companyId' });
    });
  });

  it('reports its health: database, Redis, Kafka and the rollup group', async () => {
    const reply = await app.request('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      checks: {
        database: { status: 'up' },
        redis: { status: 'up' },
        kafka: { status: 'up' },
        worker: { status: 'up' },
      },
    });
  });
});
