import { randomUUID } from 'node:crypto';
import { createKafka, declareTopics, EventPublisher, type KafkaClient } from '@perflab/messaging';
import { metricsRegistry } from '@perflab/observability';
import { createTokenMinter, testEnv, waitFor } from '@perflab/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduledDispatcher } from './scheduling/scheduled-dispatcher';
import { notificationEventOn, userRegisteredEventOn } from './shared/notification.events';
import { startTestApp, type TestApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';
import { welcomeNotificationId } from './welcome/welcome-id';

const names = isolatedNames('notif_api');

describe('notifications service over HTTP (Postgres, Redis, Kafka)', () => {
  let app: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let minter: Awaited<ReturnType<typeof createTokenMinter>>;
  let pg: Client;
  let redis: Redis;
  let kafka: KafkaClient;
  const alice = randomUUID();
  const bob = randomUUID();
  const adminId = randomUUID();
  let aliceToken: string;
  let bobToken: string;
  let adminToken: string;

  const notification = (overrides: Record<string, unknown> = {}) => ({
    userId: alice,
    type: 'order.shipped',
    channel: 'EMAIL',
    title: 'Your order shipped',
    body: 'It will arrive tomorrow.',
    data: { orderId: 'o-1' },
    ...overrides,
  });

  const statusOf = async (id: string) =>
    (await pg.query<{ status: string }>('SELECT status::text FROM notifications.notifications WHERE id = $1', [id]))
      .rows[0]?.status;

  const transitions = async (id: string) =>
    (
      await pg.query<{ t: string }>(
        `SELECT coalesce(from_status::text, '-') || '>' || to_status::text AS t
         FROM notifications.notification_events WHERE notification_id = $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => r.t);

  const waitForStatus = (id: string, status: string, timeoutMs = 20_000) =>
    waitFor(async () => (await statusOf(id)) === status, { timeoutMs, what: `${id} to be ${status}` });

  beforeAll(async () => {
    database = await createTestDatabase();
    minter = await createTokenMinter();
    [aliceToken, bobToken, adminToken] = await Promise.all([
      minter.token(alice),
      minter.token(bob),
      minter.token(adminId, { role: 'ADMIN' }),
    ]);
    kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'notif-api-test', logLevel: 'nothing' });
    // auth produces user.registered and declares its topic; this test stands in for auth.
    await declareTopics(kafka, [userRegisteredEventOn(names.userRegisteredTopic)]);
    app = await startTestApp({
      ...serviceEnv(names, database.url, minter.publicKeysJson),
      PROVIDER_SMS_FAILURE_RATE: '1', // SMS always fails: the FAILED + dead-letter path
      DELIVERY_RETRIES: '2',
      BATCH_MAX: '10',
      PAGE_SIZE_MAX: '20',
    });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    redis = new Redis(testEnv.redisUrl);
  });

  afterAll(async () => {
    await app?.close();
    await pg?.end();
    redis?.disconnect();
    await kafka?.disconnect();
    await cleanUp(names);
    await database?.drop();
  });

  describe('health', () => {
    it('answers /health, /health/database (pool) and /health/worker (consumers, lag) as the guide reads them', async () => {
      const all = await app.request('GET', '/health');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({
        status: 'ok',
        checks: {
          database: { status: 'up' },
          redis: { status: 'up' },
          worker: { status: 'up' },
          kafka: { status: 'up', broker: { reachable: true }, producer: { breaker: 'closed' } },
        },
      });
      const db = await app.request('GET', '/health/database');
      expect(db.body).toMatchObject({ status: 'ok', checks: { database: { pool: { max: 5 } } } });
      const worker = await app.request('GET', '/health/worker');
      expect(worker.body).toMatchObject({
        status: 'ok',
        checks: {
          worker: {
            consumers: [
              { groupId: names.group, running: true },
              { groupId: names.welcomeGroup, running: true },
            ],
          },
        },
      });
      expect(typeof (worker.body.checks as { worker: { lag: { total: number } } }).worker.lag.total).toBe('number');
    });
  });

  describe('delivery', () => {
    it('answers 202 and delivers through Kafka: PENDING → PROCESSING → SENT, once, then unread and read', async () => {
      const created = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ correlationId: 'c-42' }),
      });
      expect(created.status).toBe(202);
      expect(created.body).toEqual({ id: expect.any(String), status: 'PENDING' });
      const id = created.body.id as string;

      await waitForStatus(id, 'SENT');
      expect(await transitions(id)).toEqual(['->PENDING', 'PENDING>PROCESSING', 'PROCESSING>SENT']);
      expect(await redis.hget(names.ledgerKey, id)).toBe('1');

      const got = await app.request('GET', `/notifications/${id}`, { token: aliceToken });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id,
        userId: alice,
        status: 'SENT',
        channel: 'EMAIL',
        correlationId: 'c-42',
        readAt: null,
      });
      expect(got.body.sentAt).toEqual(expect.any(String));
      // Times as Date#toISOString writes them, whether Postgres formatted them (read, list) or we did.
      const stored = await pg.query<{ sent_at: Date; created_at: Date }>(
        'SELECT sent_at, created_at FROM notifications.notifications WHERE id = $1',
        [id],
      );
      expect([got.body.sentAt, got.body.createdAt]).toEqual([
        stored.rows[0].sent_at.toISOString(),
        stored.rows[0].created_at.toISOString(),
      ]);

      const unread = await app.request('GET', `/users/${alice}/notifications/unread-count`, { token: aliceToken });
      expect(unread.body).toEqual({ userId: alice, count: 1 });

      const read = await app.request('PATCH', `/notifications/${id}/read`, { token: aliceToken });
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      const again = await app.request('PATCH', `/notifications/${id}/read`, { token: aliceToken });
      expect(again.body.readAt).toBe(read.body.readAt); // idempotent
      // The cached count was invalidated by the read.
      expect(
        (await app.request('GET', `/users/${alice}/notifications/unread-count`, { token: aliceToken })).body.count,
      ).toBe(0);
      expect((await app.request('GET', `/notifications/${id}`, { token: aliceToken })).body.readAt).toBe(
        read.body.readAt,
      );

      const sent = await metricsRegistry.getSingleMetricAsString('notifications_total');
      expect(sent).toMatch(/notifications_total\{channel="EMAIL",status="SENT"\} [1-9]/);
    });

    it('accepts a batch as one Kafka batch and delivers every item', async () => {
      const items = ['EMAIL', 'PUSH', 'IN_APP', 'EMAIL'].map((channel, i) =>
        notification({ channel, title: `batch ${i}` }),
      );
      const res = await app.request('POST', '/notifications/batch', {
        token: aliceToken,
        body: { notifications: items },
      });
      expect(res.status).toBe(202);
      expect(res.body.count).toBe(4);
      const ids = (res.body.items as { id: string; status: string }[]).map((item) => {
        expect(item.status).toBe('PENDING');
        return item.id;
      });
      for (const id of ids) await waitForStatus(id, 'SENT');
      const ledger = await redis.hmget(names.ledgerKey, ...ids);
      expect(ledger).toEqual(['1', '1', '1', '1']);
    });

    it("keeps a user's unread count equal to a count of their rows through deliveries, failures and reads", async () => {
      const dave = randomUUID();
      const daveToken = await minter.token(dave);
      const batch = await app.request('POST', '/notifications/batch', {
        token: daveToken,
        body: {
          notifications: [
            ...Array.from({ length: 5 }, () => notification({ userId: dave })),
            notification({ userId: dave, channel: 'SMS' }), // SMS always fails here: FAILED is not unread
          ],
        },
      });
      const ids = (batch.body.items as { id: string }[]).map((item) => item.id);
      await Promise.all(ids.slice(0, 5).map((id) => waitForStatus(id, 'SENT')));
      await waitForStatus(ids[5], 'FAILED');
      await Promise.all([
        app.request('PATCH', `/notifications/${ids[0]}/read`, { token: daveToken }),
        app.request('PATCH', `/notifications/${ids[0]}/read`, { token: daveToken }),
        app.request('PATCH', `/notifications/${ids[1]}/read`, { token: daveToken }),
        app.request('PATCH', `/notifications/${ids[5]}/read`, { token: daveToken }),
      ]);
      const counted = await pg.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM notifications.notifications
         WHERE user_id = $1 AND status = 'SENT' AND read_at IS NULL`,
        [dave],
      );
      expect(counted.rows[0].count).toBe(3);
      const kept = await pg.query('SELECT count FROM notifications.unread_counts WHERE user_id = $1', [dave]);
      expect(kept.rows[0].count).toBe(3);
      const res = await app.request('GET', `/users/${dave}/notifications/unread-count`, { token: daveToken });
      expect(res.body).toEqual({ userId: dave, count: 3 });
    });

    it('marks a notification FAILED after the provider fails every retry, and dead-letters its message', async () => {
      const res = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ channel: 'SMS' }),
      });
      expect(res.status).toBe(202);
      const id = res.body.id as string;
      await waitForStatus(id, 'FAILED');
      expect(await transitions(id)).toEqual(['->PENDING', 'PENDING>PROCESSING', 'PROCESSING>FAILED']);
      const row = await pg.query('SELECT last_error, sent_at FROM notifications.notifications WHERE id = $1', [id]);
      expect(row.rows[0]).toMatchObject({
        sent_at: null,
        last_error: expect.stringMatching(/^provider_error|breaker_open/),
      });
      expect(await redis.hget(names.ledgerKey, id)).toBeNull();

      const dead = await readDeadLetters(kafka, `${names.notificationsTopic}.dlt`, (value) => value.includes(id));
      expect(JSON.parse(dead.value)).toMatchObject({ notificationId: id, channel: 'SMS' });
      expect(dead.headers['dlt-reason']).toBe('handler');
      expect(dead.headers['dlt-error']).toMatch(/DeliveryFailedError/);

      const failed = await metricsRegistry.getSingleMetricAsString('notifications_failed_total');
      expect(failed).toMatch(
        /notifications_failed_total\{channel="SMS",reason="(provider_error|breaker_open)"\} [1-9]/,
      );
    });

    it('sends a scheduled notification after its time and not before', async () => {
      const at = new Date(Date.now() + 3_000);
      const res = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ scheduledFor: at.toISOString() }),
      });
      expect(res.status).toBe(202);
      expect(res.body.status).toBe('SCHEDULED');
      const id = res.body.id as string;
      // Scheduler runs that start after the commit, before the time: it must still be waiting.
      const scheduler = app.app.get(ScheduledDispatcher).task;
      await scheduler.runOnce(); // may only join a run already in flight
      await scheduler.runOnce();
      expect(Date.now(), 'the checks ran before the scheduled time').toBeLessThan(at.getTime());
      expect(await statusOf(id)).toBe('SCHEDULED');
      await waitForStatus(id, 'SENT');
      const row = await pg.query<{ sent_at: Date }>('SELECT sent_at FROM notifications.notifications WHERE id = $1', [
        id,
      ]);
      expect(row.rows[0].sent_at.getTime()).toBeGreaterThanOrEqual(at.getTime());
      expect(await transitions(id)).toEqual([
        '->SCHEDULED',
        'SCHEDULED>PENDING',
        'PENDING>PROCESSING',
        'PROCESSING>SENT',
      ]);
    });

    it('never sends twice when a message is delivered again', async () => {
      const res = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ channel: 'PUSH' }),
      });
      const id = res.body.id as string;
      await waitForStatus(id, 'SENT');
      // Replay the same message, as a redelivery after a lost commit would.
      const publisher = new EventPublisher(kafka);
      try {
        await publisher.publish(notificationEventOn(names.notificationsTopic), alice, {
          notificationId: id,
          userId: alice,
          type: 'order.shipped',
          channel: 'PUSH',
          title: 'replayed',
          body: 'replayed',
          requestedAt: new Date().toISOString(),
        });
      } finally {
        await publisher.disconnect();
      }
      const skipped = () => metricsRegistry.getSingleMetricAsString('notifications_redeliveries_skipped_total');
      await waitFor(async () => /notifications_redeliveries_skipped_total [1-9]/.test(await skipped()), {
        what: 'the replay to be skipped',
      });
      expect(await redis.hget(names.ledgerKey, id)).toBe('1');
      expect(await transitions(id)).toEqual(['->PENDING', 'PENDING>PROCESSING', 'PROCESSING>SENT']);
    });

    it('welcomes a user auth registered, once, even when the event comes twice', async () => {
      const userId = randomUUID();
      const event = userRegisteredEventOn(names.userRegisteredTopic);
      const publisher = new EventPublisher(kafka);
      const value = {
        userId,
        email: 'new@example.com',
        name: 'Neo',
        role: 'USER',
        registeredAt: new Date().toISOString(),
      };
      try {
        await publisher.publish(event, userId, value);
        await publisher.publish(event, userId, value);
      } finally {
        await publisher.disconnect();
      }
      const id = welcomeNotificationId(userId);
      await waitForStatus(id, 'SENT');
      const rows = await pg.query(
        'SELECT channel::text, type, title FROM notifications.notifications WHERE user_id = $1',
        [userId],
      );
      expect(rows.rows).toEqual([{ channel: 'IN_APP', type: 'welcome', title: 'Welcome, Neo' }]);
      expect(await redis.hget(names.ledgerKey, id)).toBe('1');
    });
  });

  describe('validation', () => {
    it.each([
      ['a missing userId', { ...notification(), userId: undefined }, 'userId'],
      ['a userId that is not a UUID', notification({ userId: 'alice' }), 'userId'],
      ['an unknown channel', notification({ channel: 'FAX' }), 'channel'],
      ['an empty title', notification({ title: '' }), 'title'],
      ['a title over 200 characters', notification({ title: 'x'.repeat(201) }), 'title'],
      ['a missing body', { ...notification(), body: undefined }, 'body'],
      ['a type over 64 characters', notification({ type: 't'.repeat(65) }), 'type'],
      ['data that is not an object', notification({ data: [1, 2] }), 'data'],
      ['a scheduledFor that is not a date', notification({ scheduledFor: 'tomorrow' }), 'scheduledFor'],
      ['an unknown field', notification({ priority: 'high' }), 'priority'],
      // Text and dates Postgres refuses (22021, 22P05, 22008): bad input, never a 500.
      ['a NUL in the title', notification({ title: 'a\u0000b' }), 'title'],
      ['a lone surrogate inside data', notification({ data: { note: '\ud800' } }), 'data.note'],
      ['a scheduledFor in year 0000', notification({ scheduledFor: '0000-01-01T00:00:00Z' }), 'scheduledFor'],
    ])('POST /notifications answers 400 naming the field for %s', async (_what, body, field) => {
      const res = await app.request('POST', '/notifications', { token: aliceToken, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
    });

    it('answers 400 for malformed JSON and for a body that is not an object', async () => {
      const malformed = await app.request('POST', '/notifications', { token: aliceToken, raw: '{"userId":' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      const array = await app.request('POST', '/notifications', { token: aliceToken, body: [notification()] });
      expect(array.status).toBe(400);
      expect(array.body.field).toBe('body');
    });

    it('answers 400 naming the field for data nested 20,000 deep (not a 5xx from a recursion downstream)', async () => {
      // Built as text: JSON.stringify itself overflows the stack at this depth.
      const deep = `${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}`;
      const raw = JSON.stringify(notification({ data: '<deep>' })).replace('"<deep>"', deep);
      const res = await app.request('POST', '/notifications', { token: aliceToken, raw });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: expect.stringMatching(/^data(\.a)+$/) });
    });

    it('answers a badly percent-encoded id in the one error shape, with the request id', async () => {
      const res = await app.request('GET', '/notifications/%zz', { token: aliceToken });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'BAD_REQUEST', requestId: expect.any(String) });
    });

    it('bounds and checks batches item by item', async () => {
      const tooMany = await app.request('POST', '/notifications/batch', {
        token: aliceToken,
        body: { notifications: Array.from({ length: 11 }, () => notification()) },
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.field).toBe('notifications');
      const empty = await app.request('POST', '/notifications/batch', {
        token: aliceToken,
        body: { notifications: [] },
      });
      expect(empty.body.field).toBe('notifications');
      const bad = await app.request('POST', '/notifications/batch', {
        token: aliceToken,
        body: { notifications: [notification(), notification({ channel: 'FAX' })] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('notifications.1.channel');
    });

    it.each([
      ['/notifications?take=21', 'take'],
      ['/notifications?take=0', 'take'],
      ['/notifications?skip=-1', 'skip'],
      ['/notifications?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/notifications?cursor=x&skip=1', 'cursor'],
      ['/notifications?total=yes', 'total'],
      ['/notifications?status=LOST', 'status'],
      ['/notifications?userId=nope', 'userId'],
      ['/notifications?sort=asc', 'sort'],
      ['/notifications/not-a-uuid', 'id'],
      ['/users/not-a-uuid/notifications/unread-count', 'userId'],
    ])('GET %s answers 400 naming %s', async (path, field) => {
      const res = await app.request('GET', path, { token: adminToken });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
    });

    it('answers 401 without a token or with a forged one, before looking at the body', async () => {
      expect((await app.request('POST', '/notifications', { body: notification() })).status).toBe(401);
      const other = await createTokenMinter();
      const forged = await app.request('GET', '/notifications', { token: await other.token(alice, { role: 'ADMIN' }) });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('TOKEN_INVALID');
    });

    it('answers 404 for a notification that does not exist', async () => {
      const res = await app.request('GET', `/notifications/${randomUUID()}`, { token: adminToken });
      expect(res.status).toBe(404);
      expect((await app.request('PATCH', `/notifications/${randomUUID()}/read`, { token: adminToken })).status).toBe(
        404,
      );
    });
  });

  describe('access', () => {
    let aliceNotification: string;

    beforeAll(async () => {
      const res = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ title: 'private' }),
      });
      aliceNotification = res.body.id as string;
      await waitForStatus(aliceNotification, 'SENT');
    });

    it('treats a user naming their own id (or a notification id) in upper case as themselves', async () => {
      const upper = alice.toUpperCase();
      const create = await app.request('POST', '/notifications', {
        token: aliceToken,
        body: notification({ userId: upper }),
      });
      expect(create.status).toBe(202);
      expect((await app.request('GET', `/notifications?userId=${upper}`, { token: aliceToken })).status).toBe(200);
      const count = await app.request('GET', `/users/${upper}/notifications/unread-count`, { token: aliceToken });
      expect(count.status).toBe(200);
      const read = await app.request('GET', `/notifications/${aliceNotification.toUpperCase()}`, { token: aliceToken });
      expect(read.status).toBe(200);
    });

    it("does not let a user create, read, list, count or mark another user's notifications", async () => {
      const create = await app.request('POST', '/notifications', { token: bobToken, body: notification() });
      expect(create.status).toBe(403);
      expect(create.body).toMatchObject({ code: 'FORBIDDEN', field: 'userId' });
      const batch = await app.request('POST', '/notifications/batch', {
        token: bobToken,
        body: { notifications: [notification({ userId: bob }), notification()] },
      });
      expect(batch.status).toBe(403);
      expect(batch.body.field).toBe('notifications.1.userId');

      expect((await app.request('GET', `/notifications/${aliceNotification}`, { token: bobToken })).status).toBe(404);
      expect((await app.request('PATCH', `/notifications/${aliceNotification}/read`, { token: bobToken })).status).toBe(
        404,
      );
      expect((await app.request('GET', `/notifications?userId=${alice}`, { token: bobToken })).status).toBe(403);
      expect((await app.request('GET', `/users/${alice}/notifications/unread-count`, { token: bobToken })).status).toBe(
        403,
      );
      expect(await statusOf(aliceNotification)).toBe('SENT');
      const row = await pg.query('SELECT read_at FROM notifications.notifications WHERE id = $1', [aliceNotification]);
      expect(row.rows[0].read_at).toBeNull();
    });

    it('shows a user their own list only, newest first, paginated', async () => {
      const own = await app.request('GET', '/notifications?take=2', { token: aliceToken });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ skip: 0, take: 2, hasMore: true, nextCursor: expect.any(String) });
      expect(own.body).not.toHaveProperty('total'); // counted only on request
      const data = own.body.data as { userId: string; createdAt: string }[];
      expect(data).toHaveLength(2);
      expect(data.every((n) => n.userId === alice)).toBe(true);
      expect(data[0].createdAt >= data[1].createdAt).toBe(true);
      const counted = await app.request('GET', '/notifications?take=2&total=true', { token: aliceToken });
      expect(counted.body.total as number).toBeGreaterThan(2);
      const bobs = await app.request('GET', '/notifications?total=true', { token: bobToken });
      expect(bobs.body).toEqual({ data: [], total: 0, skip: 0, take: 20, hasMore: false, nextCursor: null });
    });

    it('pages by cursor through every row once, in order, even when rows share a created_at', async () => {
      const carol = randomUUID();
      const carolToken = await minter.token(carol);
      // One batch is one statement, so its rows share created_at and only the id orders them.
      const batch = await app.request('POST', '/notifications/batch', {
        token: carolToken,
        body: { notifications: Array.from({ length: 7 }, (_, i) => notification({ userId: carol, title: `n${i}` })) },
      });
      expect(batch.status).toBe(202);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await app.request('GET', `/notifications?take=3${cursor ? `&cursor=${cursor}` : ''}`, {
          token: carolToken,
        });
        expect(page.status).toBe(200);
        seen.push(...(page.body.data as { id: string }[]).map((n) => n.id));
        expect(page.body.hasMore).toBe(page.body.nextCursor !== null);
        cursor = page.body.nextCursor as string | null;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      const expected = (
        await pg.query<{ id: string }>(
          'SELECT id::text FROM notifications.notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
          [carol],
        )
      ).rows.map((r) => r.id);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(7);
      // The offset form still works and agrees.
      const offset = await app.request('GET', '/notifications?take=3&skip=3', { token: carolToken });
      expect((offset.body.data as { id: string }[]).map((n) => n.id)).toEqual(expected.slice(3, 6));
    });

    it("marks read once when calls race, and lets an ADMIN mark anyone's", async () => {
      const created = await app.request('POST', '/notifications', { token: aliceToken, body: notification() });
      const id = created.body.id as string;
      await waitForStatus(id, 'SENT');
      const [first, second] = await Promise.all([
        app.request('PATCH', `/notifications/${id}/read`, { token: aliceToken }),
        app.request('PATCH', `/notifications/${id}/read`, { token: adminToken }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const row = await pg.query<{ read_at: Date }>('SELECT read_at FROM notifications.notifications WHERE id = $1', [
        id,
      ]);
      // Whichever call came second saw the first one's write, not the row as it was before.
      expect(first.body.readAt).toBe(row.rows[0].read_at.toISOString());
      expect(second.body.readAt).toBe(row.rows[0].read_at.toISOString());
      expect(first.body).toMatchObject({ id, userId: alice, status: 'SENT' });
    });

    it("lets an ADMIN read, list, count and filter anyone's notifications", async () => {
      const got = await app.request('GET', `/notifications/${aliceNotification}`, { token: adminToken });
      expect(got.status).toBe(200);
      expect(got.body.title).toBe('private');
      const list = await app.request('GET', `/notifications?userId=${alice}&status=SENT`, { token: adminToken });
      expect(list.status).toBe(200);
      const data = list.body.data as { userId: string; status: string }[];
      expect(data.length).toBeGreaterThan(0);
      expect(data.every((n) => n.userId === alice && n.status === 'SENT')).toBe(true);
      const count = await app.request('GET', `/users/${alice}/notifications/unread-count`, { token: adminToken });
      expect(count.status).toBe(200);
      expect(count.body.count as number).toBeGreaterThan(0);
      const create = await app.request('POST', '/notifications', {
        token: adminToken,
        body: notification({ userId: bob }),
      });
      expect(create.status).toBe(202);
    });
  });
});

async function readDeadLetters(kafka: KafkaClient, topic: string, match: (value: string) => boolean) {
  const consumer = kafka.native.consumer({
    groupId: `dlt-reader-${Date.now()}`,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  let found: { value: string; headers: Record<string, string> } | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        if (!match(value)) return;
        const headers: Record<string, string> = {};
        for (const [name, v] of Object.entries(message.headers ?? {})) headers[name] = String(v);
        found = { value, headers };
      },
    });
    return await waitFor(() => found, { what: `a dead letter on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
}
