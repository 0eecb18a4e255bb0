import { randomUUID } from 'node:crypto';
import { REDIS, type RedisClient } from '@perflab/cache';
import type { KafkaClient } from '@perflab/messaging';
import { metricsRegistry } from '@perflab/observability';
import { waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendations } from './shared/product.model';
import { RecommendationModel } from './shared/recommendation.model';
import { startTestApp, type TestApp } from './testing/recommendations-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv, testKafka } from './testing/test-stack';

/**
 * Behaviour in, recommendations out, against the real Postgres, Redis and Kafka. The fixture's
 * co-occurrences with P01 (weights view 1, add_to_cart 3, purchase 5): P04 5, P03 3, P02 1.
 */
describe('recommendations API', () => {
  const names = isolatedNames('reco_api');
  let database: ThrowawayDatabase;
  let app: TestApp;
  let kafka: KafkaClient;

  const behave = async (userId: string, productId: string, action: string) => {
    const reply = await app.request('POST', '/api/user-behavior', { body: { userId, productId, action } });
    expect(reply.status, reply.text).toBe(202);
    return reply.body.eventId as string;
  };
  const recommend = async (userId: string, limit = 3) => {
    const reply = await app.request<Recommendations>('GET', `/api/recommendations/${userId}?limit=${limit}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };
  const ids = (r: Recommendations) => r.items.map((i) => i.id);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(serviceEnv(names, database.url));
    kafka = testKafka();
    // Each user's behaviours in order: the second co-occurs with the first.
    for (const [user, second, action] of [
      ['fx-a', 'P02', 'view'],
      ['fx-b', 'P03', 'add_to_cart'],
      ['fx-c', 'P04', 'purchase'],
    ]) {
      await behave(user, 'P01', 'view');
      await behave(user, second, action);
    }
    // P02, P03 and P04 become popular only through each user's second behaviour, the one that
    // makes the co-occurrence: all four products popular = the whole fixture projected.
    await waitFor(async () => (await recommend('fx-probe', 4)).items.length === 4, {
      timeoutMs: 30_000,
      what: 'the fixture to be projected',
    });
  });
  afterAll(async () => {
    await app?.close();
    await kafka?.disconnect();
    await cleanUp(names);
    await database?.drop();
  });

  it('answers bad input with 4xx naming the field', async () => {
    const cases: [unknown, number, string][] = [
      [{ userId: 'u1', productId: 'P01', action: 'like' }, 400, 'action'],
      [{ userId: 'u 1', productId: 'P01', action: 'view' }, 400, 'userId'],
      [{ userId: 'u1', action: 'view' }, 400, 'productId'],
      [{ userId: 'u1', productId: 'P01', action: 'view', at: 'yesterday' }, 400, 'at'],
      [{ userId: 'u1', productId: 'P01', action: 'view', at: '2999-01-01T00:00:00Z' }, 400, 'at'],
      [{ userId: 'u1', productId: 'NOPE', action: 'view' }, 422, 'productId'],
    ];
    for (const [body, status, field] of cases) {
      const reply = await app.request('POST', '/api/user-behavior', { body });
      expect({ status: reply.status, field: reply.body.field }).toEqual({ status, field });
    }
    const limit = await app.request('GET', '/api/recommendations/u1?limit=0');
    expect({ status: limit.status, field: limit.body.field }).toEqual({ status: 400, field: 'limit' });
  });

  it('looks an unknown productId up in Postgres once, then answers it from memory', async () => {
    const lookups = async () => {
      const metric = await metricsRegistry.getSingleMetric('db_query_duration_seconds')?.get();
      const sample = metric?.values.find(
        (v) =>
          v.labels.model === 'Product' &&
          v.labels.operation === 'findUnique' &&
          (v as { metricName?: string }).metricName?.endsWith('_count'),
      );
      return sample?.value ?? 0;
    };
    const unknown = `NOPE-${randomUUID()}`;
    const before = await lookups();
    for (let i = 0; i < 5; i++) {
      const reply = await app.request('POST', '/api/user-behavior', {
        body: { userId: 'u1', productId: unknown, action: 'view' },
      });
      expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 422, code: 'UNKNOWN_PRODUCT' });
    }
    expect((await lookups()) - before).toBe(1);
  });

  it('documents both routes in /openapi.json', async () => {
    const reply = await app.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining(['/api/user-behavior', '/api/recommendations/{userId}']),
    );
  });

  it('a new user gets the popular items, most popular first, with their product fields', async () => {
    const answer = await recommend('new-user');
    expect(answer.source).toBe('popular');
    // Popularity: P04 5 (a purchase), then P01 (3 views) and P03 (an add-to-cart) at 3 each, the
    // later of which decays a hair less: their order is the clock's, not the fixture's.
    expect(ids(answer)[0]).toBe('P04');
    expect(ids(answer).slice(1).sort()).toEqual(['P01', 'P03']);
    expect(answer.items[0]).toMatchObject({ id: 'P04', name: 'Product 4', category: 'category-0', priceCents: 400 });
  });

  it('a behaviour brings the known neighbours, strongest first, and leaves purchases out', async () => {
    await behave('target', 'P01', 'view');
    const personal = await waitFor(
      async () => {
        const answer = await recommend('target');
        return answer.source === 'personal' && answer;
      },
      { timeoutMs: 20_000, what: "target's personal recommendations" },
    );
    expect(ids(personal)).toEqual(['P04', 'P03', 'P02']);
    expect(personal.items.map((i) => i.score)).toEqual([5, 3, 1]);

    await behave('target', 'P04', 'purchase');
    const afterPurchase = await waitFor(
      async () => {
        const answer = await recommend('target');
        return !ids(answer).includes('P04') && answer;
      },
      { timeoutMs: 20_000, what: 'the purchase to leave P04 out' },
    );
    expect(ids(afterPurchase)).toEqual(['P03', 'P02']);
  });

  it('applies a redelivered behaviour once (its event id is remembered)', async () => {
    const model = app.app.get(RecommendationModel);
    const event = {
      eventId: randomUUID(),
      userId: 'redelivered',
      productId: 'P05',
      action: 'purchase' as const,
      at: new Date().toISOString(),
    };
    await model.apply({ ...event, eventId: randomUUID(), productId: 'P06', action: 'view' });
    expect(await model.apply(event)).toBe(true);
    expect(await model.apply(event)).toBe(false);
    const redis = app.app.get<RedisClient>(REDIS);
    expect(Number(await redis.zscore(`${model.keys.coPrefix}P06`, 'P05'))).toBe(5); // once, not twice
  });

  it('dead-letters a message that breaks the contract and keeps consuming', async () => {
    const producer = kafka.native.producer();
    await producer.connect();
    try {
      await producer.send({ topic: names.topic, messages: [{ key: 'poison', value: '{"not":"a behaviour"}' }] });
    } finally {
      await producer.disconnect();
    }
    const admin = await kafka.admin();
    await waitFor(
      async () => {
        const offsets = await admin.fetchTopicOffsets(`${names.topic}.dlt`).catch(() => []);
        return offsets.reduce((sum, p) => sum + Number(p.high), 0) >= 1;
      },
      { timeoutMs: 30_000, what: 'the poison message on the dead-letter topic' },
    );
    await behave('after-poison', 'P02', 'view');
    await behave('after-poison', 'P05', 'view');
    await waitFor(async () => ids(await recommend('after-poison')).includes('P01'), {
      timeoutMs: 20_000,
      what: 'messages after the poison to be projected',
    });
  });
});
