import { randomUUID } from 'node:crypto';
import { metricsRegistry } from '@perflab/observability';
import { createTokenMinter, throwawayRedis, waitFor } from '@perflab/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from '../testing/test-stack';

/**
 * Redis is where the (simulated) providers keep their idempotency keys: while it is down no
 * delivery can go through. That is our outage, not the notification's fault: delivery waits
 * (consumption paused, backoff capped) and every notification is delivered once after it returns.
 */
describe('delivery while Redis is down', () => {
  const names = isolatedNames('notif_redisdown');
  const TOTAL = 20;
  let redis: Awaited<ReturnType<typeof throwawayRedis>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp | undefined;
  let pg: Client;

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

  it('fails nothing during the outage and delivers everything once after it', async () => {
    const minter = await createTokenMinter();
    const adminToken = await minter.token(randomUUID(), { role: 'ADMIN' });
    app = await startTestApp({ ...serviceEnv(names, database.url, minter.publicKeysJson), REDIS_URL: redis.url });

    await redis.stop();
    const ids: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const res = await app.request('POST', '/notifications', {
        token: adminToken,
        body: { userId: randomUUID(), type: 'digest', channel: 'EMAIL', title: `n${i}`, body: 'during the outage' },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id as string);
    }
    const deferred = async () =>
      [
        ...(await metricsRegistry.getSingleMetricAsString('notifications_deliveries_deferred_total')).matchAll(
          /^notifications_deliveries_deferred_total\{[^}]*\} (\d+)$/gm,
        ),
      ].reduce((sum, [, n]) => sum + Number(n), 0);
    const count = async (status: string) =>
      Number(
        (await pg.query('SELECT count(*) FROM notifications.notifications WHERE status::text = $1', [status])).rows[0]
          .count,
      );
    // Put off again and again — well past the 4 attempts after which the old path gave up with FAILED.
    await waitFor(async () => (await deferred()) >= 12, { what: 'repeated deferred deliveries' });
    expect(await count('FAILED')).toBe(0);
    expect(await count('SENT')).toBe(0);

    await redis.start();
    await waitFor(async () => (await count('SENT')) === TOTAL, { timeoutMs: 45_000, what: `all ${TOTAL} to be SENT` });
    expect(await count('FAILED')).toBe(0);
    const ledgerReader = new Redis(redis.url);
    try {
      const ledger = await ledgerReader.hgetall(names.ledgerKey);
      expect(Object.keys(ledger).sort()).toEqual([...ids].sort());
      expect(Object.values(ledger).every((n) => n === '1')).toBe(true);
    } finally {
      ledgerReader.disconnect();
    }
  });
});
