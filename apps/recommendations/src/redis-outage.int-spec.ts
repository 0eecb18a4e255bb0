import { throwawayRedis, waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendations } from './shared/product.model';
import { startTestApp, type TestApp } from './testing/recommendations-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

/**
 * Redis down: answers degrade to the popularity snapshot (minus the user's purchases, from
 * Postgres) with `source: "fallback"`, behaviours are still accepted and wait in Kafka; Redis
 * back empty: the model is rebuilt from the Postgres history, the waiting behaviours are
 * projected once, and answers are personal again.
 */
describe('recommendations while Redis is down', () => {
  const names = isolatedNames('reco_redisdown');
  let redis: Awaited<ReturnType<typeof throwawayRedis>>;
  let database: ThrowawayDatabase;
  let app: TestApp | undefined;
  let pg: Client;

  const behave = async (userId: string, productId: string, action: string) => {
    const reply = await app!.request('POST', '/api/user-behavior', { body: { userId, productId, action } });
    expect(reply.status, reply.text).toBe(202);
  };
  const recommend = async (userId: string) => {
    const reply = await app!.request<Recommendations>('GET', `/api/recommendations/${userId}?limit=3`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };
  const historyRows = async () =>
    Number((await pg.query('SELECT count(*) FROM recommendations.behavior_events')).rows[0].count);

  beforeAll(async () => {
    redis = await throwawayRedis();
    await redis.start();
    database = await createTestDatabase();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await redis?.stop();
    await cleanUp(names);
    await database?.drop();
  });

  it('falls back to popular items, then recovers the model from history', async () => {
    app = await startTestApp({ ...serviceEnv(names, database.url), REDIS_URL: redis.url });
    await behave('other', 'P01', 'view');
    await behave('other', 'P02', 'add_to_cart');
    await behave('shopper', 'P02', 'view');
    await behave('shopper', 'P03', 'purchase');
    await waitFor(async () => (await recommend('shopper')).source === 'personal' && (await historyRows()) === 4, {
      timeoutMs: 30_000,
      what: 'the behaviours to be projected and stored',
    });
    const before = await recommend('shopper');
    expect(before.items.map((i) => i.id)).toEqual(['P01']);
    // The fallback answers from a snapshot of Redis's popularity, refreshed every 300 ms: one taken now.
    const projectedAt = Date.now();
    await waitFor(
      async () => {
        const { checks } = (await app!.request('GET', '/health/model')).body as {
          checks: { model: { fallbackSnapshot: { from: string; takenAt: string; items: number } } };
        };
        const s = checks.model.fallbackSnapshot;
        return s.from === 'redis' && Date.parse(s.takenAt) > projectedAt && s.items >= 3;
      },
      { what: 'a popularity snapshot taken after the behaviours' },
    );

    await redis.stop();
    const degraded = await recommend('shopper');
    expect(degraded.source).toBe('fallback');
    expect(degraded.items.length).toBeGreaterThan(0);
    expect(degraded.items.map((i) => i.id)).not.toContain('P03'); // bought: still left out
    expect(degraded.items[0]).toMatchObject({ name: expect.any(String), reason: 'popular' });
    // Accepted while Redis is down: waits in Kafka, projected once Redis is back.
    await behave('shopper', 'P01', 'purchase');

    await redis.start(); // empty: no persistence
    const recovered = await waitFor(
      async () => {
        const model = await app!.request('GET', '/health/model');
        const answer = await recommend('shopper');
        return model.status === 200 && answer.source !== 'fallback' && (await historyRows()) === 5 && answer;
      },
      { timeoutMs: 30_000, what: 'personal answers after Redis returned' },
    );
    // P01 bought now; P02 and P03 are the shopper's own recent items: only popular fill remains.
    expect(recovered.items.map((i) => i.id)).not.toContain('P01');
    expect(recovered.items.map((i) => i.id)).not.toContain('P03');
    const other = await recommend('other');
    expect(other.items.map((i) => i.id)[0]).toBe('P03'); // co-occurrence with P02 survived the rebuild
  });
});
