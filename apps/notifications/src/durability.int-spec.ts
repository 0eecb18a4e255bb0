import { randomUUID } from 'node:crypto';
import { metricsRegistry } from '@perflab/observability';
import { createTokenMinter, testEnv, waitFor } from '@perflab/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApp, startTestApp, type SpawnedApp, type TestApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

/**
 * What "202 means durable" promises, under failure: Postgres down → 503 and nothing accepted;
 * Kafka unreachable → 202 right after the row and its outbox message are committed, then
 * delivered once Kafka is back; a worker killed mid-batch → nothing lost, nothing sent twice.
 */
describe('notifications durability', () => {
  let minter: Awaited<ReturnType<typeof createTokenMinter>>;
  let adminToken: string;
  const notification = (userId: string, overrides: Record<string, unknown> = {}) => ({
    userId,
    type: 'digest',
    channel: 'EMAIL',
    title: 'Your daily digest',
    body: 'Three new things happened.',
    ...overrides,
  });

  beforeAll(async () => {
    minter = await createTokenMinter();
    adminToken = await minter.token(randomUUID(), { role: 'ADMIN' });
  });

  describe('Postgres unreachable', () => {
    const names = isolatedNames('notif_pgdown');
    let app: TestApp;

    beforeAll(async () => {
      const unreachable = new URL(testEnv.databaseUrl);
      unreachable.port = '1'; // nothing listens there
      app = await startTestApp({
        ...serviceEnv(names, unreachable.toString(), minter.publicKeysJson),
        ROLE: 'api',
      });
    });
    afterAll(async () => {
      await app?.close();
      await cleanUp(names);
    });

    it('answers 503 with Retry-After, never 202, and reports the database down', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await app.request('POST', '/notifications', {
          token: adminToken,
          body: notification(randomUUID()),
        });
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(res.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      }
      const batch = await app.request('POST', '/notifications/batch', {
        token: adminToken,
        body: { notifications: [notification(randomUUID())] },
      });
      expect(batch.status).toBe(503);
      const health = await app.request('GET', '/health/database');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', checks: { database: { status: 'down' } } });
    });

    it('answers reads and the mark-read write with 503 + Retry-After too', async () => {
      const userId = randomUUID();
      const token = await minter.token(userId);
      for (const [method, path] of [
        ['GET', `/notifications/${randomUUID()}`],
        ['GET', '/notifications'],
        ['GET', `/users/${userId}/notifications/unread-count`],
        ['PATCH', `/notifications/${randomUUID()}/read`],
      ]) {
        const res = await app.request(method, path, { token });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 503 });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(res.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      }
    });
  });

  describe('Kafka unreachable', () => {
    const names = isolatedNames('notif_kdown');
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let down: TestApp | undefined;
    let worker: TestApp | undefined;
    let pg: Client;

    beforeAll(async () => {
      database = await createTestDatabase();
      pg = new Client({ connectionString: database.url });
      await pg.connect();
    });
    afterAll(async () => {
      await down?.close();
      await worker?.close();
      await pg?.end();
      await cleanUp(names);
      await database?.drop();
    });

    it('answers 202 right after the commit, keeps the message in the outbox, and delivers it once Kafka is back', async () => {
      // Kafka "down" for this instance: its broker list points at a closed port.
      down = await startTestApp({
        ...serviceEnv(names, database.url, minter.publicKeysJson),
        KAFKA_BROKERS: '127.0.0.1:1',
        ROLE: 'api',
      });
      const userId = randomUUID();
      const started = Date.now();
      const res = await down.request('POST', '/notifications', { token: adminToken, body: notification(userId) });
      expect(res.status).toBe(202);
      // The request did not wait for Kafka (it used to wait for KAFKA_PUBLISH_TIMEOUT_MS).
      expect(Date.now() - started).toBeLessThan(2_000);
      const id = res.body.id as string;
      // Durable before the answer: the row and its message are committed, the message waits.
      const row = await pg.query('SELECT status::text FROM notifications.notifications WHERE id = $1', [id]);
      expect(row.rows[0]).toEqual({ status: 'PENDING' });
      const queued = () =>
        pg.query(`SELECT key, payload FROM notifications.outbox_events WHERE payload->>'notificationId' = $1`, [id]);
      expect((await queued()).rows).toEqual([{ key: userId, payload: expect.objectContaining({ userId }) }]);
      await waitFor(
        async () =>
          /outbox_relay_failures_total\{reason="kafka"\} [1-9]/.test(
            await metricsRegistry.getSingleMetricAsString('outbox_relay_failures_total'),
          ),
        { timeoutMs: 20_000, what: 'a failed relay attempt' },
      );
      expect((await queued()).rowCount).toBe(1);
      // Accepting writes into the outbox, but not ready: it can neither publish nor consume.
      const health = await down.request('GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({
        status: 'error',
        checks: { database: { status: 'up' }, kafka: { status: 'down', broker: { reachable: false } } },
      });
      expect((await down.request('GET', '/health/kafka')).status).toBe(503);
      await down.close();
      down = undefined;

      // Kafka "back": an instance that reaches it drains the outbox and delivers.
      worker = await startTestApp(serviceEnv(names, database.url, minter.publicKeysJson));
      await waitFor(
        async () =>
          (await pg.query('SELECT 1 FROM notifications.notifications WHERE id = $1 AND status = $2', [id, 'SENT']))
            .rowCount === 1,
        { timeoutMs: 20_000, what: 'the notification to be SENT' },
      );
      expect((await queued()).rowCount).toBe(0);
      const redis = new Redis(testEnv.redisUrl);
      try {
        expect(await redis.hget(names.ledgerKey, id)).toBe('1');
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('a worker killed mid-batch', () => {
    const names = isolatedNames('notif_kill');
    const TOTAL = 300;
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let env: Record<string, string>;
    let first: SpawnedApp | undefined;
    let second: SpawnedApp | undefined;
    let pg: Client;

    beforeAll(async () => {
      database = await createTestDatabase();
      // The service's own session timeout, heartbeat, lease and sweep interval: this test measures them.
      const {
        CONSUMER_SESSION_TIMEOUT_MS: _session,
        CONSUMER_HEARTBEAT_INTERVAL_MS: _heartbeat,
        SWEEP_INTERVAL_MS: _sweep,
        ...fast
      } = serviceEnv(names, database.url, minter.publicKeysJson);
      env = { ...fast, PROVIDER_EMAIL_LATENCY_MS: '20', WORKER_CONCURRENCY: '3', SWEEP_PENDING_AFTER_SECONDS: '5' };
      pg = new Client({ connectionString: database.url });
      await pg.connect();
    });
    afterAll(async () => {
      await first?.kill();
      await second?.kill();
      await pg?.end();
      await cleanUp(names);
      await database?.drop();
    });

    it('loses nothing, sends nothing twice, and the survivor takes over within the recovery bound', async () => {
      // Both workers in the group before the kill: the survivor must wait out the dead one's session.
      [first, second] = await Promise.all([spawnApp(env), spawnApp(env)]);
      const users = Array.from({ length: 20 }, () => randomUUID());
      const ids: string[] = [];
      for (let start = 0; start < TOTAL; start += 100) {
        const items = Array.from({ length: 100 }, (_, i) =>
          notification(users[(start + i) % users.length], { title: `n${start + i}` }),
        );
        const res = await first.request('POST', '/notifications/batch', {
          token: adminToken,
          body: { notifications: items },
        });
        expect(res.status).toBe(202);
        ids.push(...(res.body.items as { id: string }[]).map((item) => item.id));
      }
      const sentCount = async () =>
        Number(
          (await pg.query(`SELECT count(*) FROM notifications.notifications WHERE status = 'SENT'`)).rows[0].count,
        );
      await waitFor(async () => (await sentCount()) >= 30, { what: 'delivery to be under way' });
      await first.kill();
      const killedAt = Date.now();
      const sentAtKill = await sentCount();
      expect(sentAtKill).toBeLessThan(TOTAL); // really mid-batch

      // Session timeout (10 s) hands the dead worker's partitions over; rows it held PROCESSING
      // come back after the lease (20 s) + one sweep (2 s). Before: 30 s + 60 s + 5 s.
      await waitFor(async () => (await sentCount()) === TOTAL, { timeoutMs: 60_000, what: `all ${TOTAL} to be SENT` });
      const recoveredInMs = Date.now() - killedAt;
      expect(recoveredInMs).toBeLessThan(35_000);

      const statuses = await pg.query(
        `SELECT status::text, count(*)::int AS n FROM notifications.notifications GROUP BY status`,
      );
      expect(statuses.rows).toEqual([{ status: 'SENT', n: TOTAL }]);
      const sentTwice = await pg.query(
        `SELECT notification_id FROM notifications.notification_events WHERE to_status = 'SENT'
         GROUP BY notification_id HAVING count(*) > 1`,
      );
      expect(sentTwice.rows).toEqual([]);
      const redis = new Redis(testEnv.redisUrl);
      try {
        const ledger = await redis.hgetall(names.ledgerKey);
        expect(Object.keys(ledger).sort()).toEqual([...ids].sort());
        expect(Object.values(ledger).every((count) => count === '1')).toBe(true);
      } finally {
        redis.disconnect();
      }
    });
  });
});
