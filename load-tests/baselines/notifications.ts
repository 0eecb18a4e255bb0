// Bare baseline for the notifications suite: node:http, no framework, serving the same
// operations as the suite's mix (load-tests/notifications/notification-load-test.js runs
// against it unchanged, BASE_URL pointed here) with the same I/O as apps/notifications:
// - every request verifies the bearer token against auth's JWKS (jose, as @perflab/auth-guard),
//   remembering a verified token up to 60 s and never past its expiry, as the guard does;
// - create / batch: the service's one-statement CTE (rows + "accepted" events + outbox rows),
//   then a nudge of the outbox relay (BEGIN + claim by DELETE … RETURNING in one round trip,
//   acks=all produce, COMMIT);
// - read: Redis GET notification:<id>, on a miss the service's SELECT and a SET EX;
// - list: take + 1 rows, newest first (created_at, id), hasMore and a keyset nextCursor, no count;
// - unread count: GET unread:<user>, on a miss the user's unread_counts row;
// - mark read: the service's one statement (ownership, lock, conditional update, counter, row),
//   then DEL of both cache keys when it changed the row;
// - delivery (notifications-delivery.ts, in the primary process as the service's worker role is
//   its own process): claim, DEL notification:<id>, the simulated provider's latency, SENT with
//   its unread_counts increment, DEL notification:<id> and unread:<user>. Without it the
//   baseline's unread counts never changed, so its unread-count cache answered ~97 % of requests
//   where the service's, invalidated by every delivery, answered ~31 %.
// A notification whose state may still change is cached for 2 s only, as NotificationCache does.
// The statements are the service's own texts (apps/notifications/src/shared/notification.sql, imported:
// a copy drifted once — read and list returned raw timestamps for the driver to parse while the
// service had Postgres format them as ISO text). The ones the service runs as named plain SQL are
// named here (prepared once per connection); Redis auto-pipelines, as @perflab/cache does. The same
// worker count (WORKERS, node:cluster) and pool size (DATABASE_POOL_SIZE), from the same service env
// files. No validation library, no metrics, no logging, no retries or sweeper (the suite's async
// "delivery" row is not compared). It runs on the bench database the bench migrates for the service,
// so tables, indexes and the outbox are the service's own.
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  HttpError,
  Reply,
  baselineTopic,
  createTopic,
  jsonServer,
  kafka,
  outboxRelay,
  parseJson,
  runClustered,
  servicePool,
} from './_bare';
import {
  MARK_READ_SQL,
  NOTIFICATION_BY_ID_SQL,
  NOTIFICATIONS_INSERT_SQL,
  UNREAD_COUNT_SQL,
  USER_PAGE_SQL,
} from '../../apps/notifications/src/shared/notification.sql';
import { deliver } from './notifications-delivery';

const PORT = Number(process.env.PORT ?? 3102);
const PARTITIONS = 10; // notification.requested.v1's partition count (@perflab/contracts)
const CACHE_TTL = Number(process.env.NOTIFICATION_CACHE_TTL_SECONDS ?? 300);
const UNREAD_TTL = Number(process.env.UNREAD_CACHE_TTL_SECONDS ?? 300);
const UNSETTLED_TTL = 2; // NotificationCache: a notification whose status or read state may still change
const CHANNELS = new Set(['EMAIL', 'SMS', 'PUSH', 'IN_APP']);
const KEY_PREFIX = 'bench:baseline:notifications:';
const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Row {
  id: string;
  userId: string;
  status: string;
  [column: string]: unknown;
}
/** notification.model isSettled: SENT and read, or FAILED. */
const isSettled = (row: Row) => (row.status === 'SENT' && row.readAt !== null) || row.status === 'FAILED';

interface User {
  id: string;
  role: string;
}

async function serve(): Promise<() => Promise<unknown>> {
  const topic = process.env.NOTIFICATIONS_TOPIC!; // set by the primary
  const pool = servicePool('notifications');
  const redis = new Redis(redisUrl(), { enableAutoPipelining: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  const nudge = outboxRelay(pool, producer, [topic]);
  const keys = createRemoteJWKSet(new URL(process.env.AUTH_JWKS_URL ?? 'http://127.0.0.1:3001/.well-known/jwks.json'));
  const prefix = KEY_PREFIX;

  const verified = new Map<string, { user: User; until: number }>();
  async function authenticate(req: IncomingMessage): Promise<User> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new HttpError(401, 'Authentication required');
    const known = verified.get(token);
    if (known && known.until > Date.now()) return known.user;
    const { payload } = await jwtVerify(token, keys, {
      issuer: process.env.JWT_ISSUER ?? 'perflab-auth',
      audience: process.env.JWT_AUDIENCE ?? 'perflab',
      algorithms: ['EdDSA', 'ES256'],
      clockTolerance: 5,
      requiredClaims: ['sub', 'exp', 'iat'],
    }).catch(() => {
      throw new HttpError(401, 'Invalid token');
    });
    const user = { id: String(payload.sub).toLowerCase(), role: String(payload.role) };
    if (verified.size >= 10_000) verified.delete(verified.keys().next().value as string);
    verified.set(token, { user, until: Math.min(Date.now() + 60_000, Number(payload.exp) * 1000) });
    return user;
  }
  const mayAccess = (user: User, userId: string) => user.role === 'ADMIN' || user.id === userId;

  async function cached<T>(
    key: string,
    ttl: number | ((value: T) => number),
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const hit = await redis.get(prefix + key);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    if (value !== undefined)
      await redis.set(prefix + key, JSON.stringify(value), 'EX', typeof ttl === 'function' ? ttl(value) : ttl);
    return value;
  }

  async function create(user: User, items: Record<string, unknown>[]): Promise<{ id: string; status: string }[]> {
    const requestedAt = new Date().toISOString();
    const rows = items.map((b) => {
      const userId = String(b.userId ?? '').toLowerCase();
      if (!CHANNELS.has(String(b.channel)) || typeof b.title !== 'string' || typeof b.body !== 'string')
        throw new HttpError(400, 'invalid notification');
      if (!mayAccess(user, userId)) throw new HttpError(403, 'forbidden');
      const row = { id: randomUUID(), user_id: userId, type: b.type, channel: b.channel, title: b.title };
      return {
        ...row,
        body: b.body,
        data: b.data ?? null,
        status: 'PENDING',
        scheduled_for: null,
        correlation_id: null,
      };
    });
    const outbox = rows.map((r, ord) => ({
      ref: r.id,
      ord,
      topic,
      key: r.user_id,
      payload: {
        notificationId: r.id,
        userId: r.user_id,
        type: r.type,
        channel: r.channel,
        title: r.title,
        body: r.body,
        ...(r.data ? { data: r.data } : {}),
        requestedAt,
      },
      headers: null,
    }));
    const { rows: inserted } = await pool.query<Row>({
      name: 'insert',
      text: NOTIFICATIONS_INSERT_SQL,
      values: [JSON.stringify(rows), JSON.stringify(outbox)],
    });
    nudge();
    return inserted.map((r) => ({ id: r.id, status: r.status }));
  }

  async function route(req: IncomingMessage, body: string): Promise<Reply> {
    const [path, query = ''] = (req.url ?? '/').split('?');
    if (path === '/health') return [200, { status: 'ok' }];
    const user = await authenticate(req);
    if (req.method === 'POST' && path === '/notifications') return [202, (await create(user, [parseJson(body)]))[0]];
    if (req.method === 'POST' && path === '/notifications/batch') {
      const list = parseJson(body).notifications;
      if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'notifications: a non-empty array');
      return [202, { items: await create(user, list as Record<string, unknown>[]) }];
    }
    if (req.method === 'GET' && path === '/notifications') {
      const q = new URLSearchParams(query);
      const userId = (q.get('userId') ?? user.id).toLowerCase();
      if (!mayAccess(user, userId)) throw new HttpError(403, 'forbidden');
      const take = Math.min(100, Number(q.get('take') ?? 20));
      const skip = Number(q.get('skip') ?? 0);
      const page = await pool.query<Row>({ name: 'page', text: USER_PAGE_SQL, values: [userId, take + 1, skip] });
      const data = page.rows.slice(0, take);
      const hasMore = page.rows.length > take;
      const last = data.at(-1);
      const nextCursor =
        hasMore && last
          ? Buffer.from(`${new Date(last.createdAt as string).toISOString()}|${last.id}`).toString('base64url')
          : null;
      return [200, { data, take, skip, hasMore, nextCursor }];
    }
    let m = /^\/notifications\/([0-9a-f-]{36})$/i.exec(path);
    if (req.method === 'GET' && m) {
      const id = m[1];
      const view = await cached(
        `notification:${id}`,
        (row) => (isSettled(row) ? CACHE_TTL : Math.min(UNSETTLED_TTL, CACHE_TTL)),
        async () => (await pool.query<Row>({ name: 'find', text: NOTIFICATION_BY_ID_SQL, values: [id] })).rows[0],
      );
      if (!view || !mayAccess(user, view.userId)) throw new HttpError(404, 'not found');
      return [200, view];
    }
    m = /^\/notifications\/([0-9a-f-]{36})\/read$/i.exec(path);
    if (req.method === 'PATCH' && m) {
      const id = m[1];
      const owner = user.role === 'ADMIN' ? null : user.id;
      const row = (
        await pool.query<Row & { changed: boolean }>({ name: 'mark', text: MARK_READ_SQL, values: [id, owner] })
      ).rows[0];
      if (!row) throw new HttpError(404, 'not found');
      const { changed, ...view } = row;
      if (changed) await redis.del(`${prefix}notification:${id}`, `${prefix}unread:${view.userId}`);
      return [200, view];
    }
    m = /^\/users\/([0-9a-f-]{36})\/notifications\/unread-count$/i.exec(path);
    if (req.method === 'GET' && m) {
      const userId = m[1].toLowerCase();
      if (!mayAccess(user, userId)) throw new HttpError(403, 'forbidden');
      const load = async () =>
        (await pool.query<{ count: number }>({ name: 'unread', text: UNREAD_COUNT_SQL, values: [userId] })).rows[0]
          ?.count ?? 0;
      return [200, { userId, count: await cached(`unread:${userId}`, UNREAD_TTL, load) }];
    }
    throw new HttpError(404, 'not found');
  }

  await producer.connect();
  const server = jsonServer(route).listen(PORT, '127.0.0.1');
  return () => {
    server.close();
    return Promise.allSettled([producer.disconnect(), redis.quit(), pool.end()]);
  };
}

runClustered(async () => {
  // The service env's per-run topic when the bench gives one, else one of the baseline's own.
  const topic = process.env.NOTIFICATIONS_TOPIC ?? baselineTopic('notification-requested.v1');
  await createTopic(topic, PARTITIONS);
  // The delivery worker: in this (primary) process, its own pool and Redis connection, as the
  // service's worker role runs beside its API workers. With one worker, serve() shares the process.
  await deliver({
    pool: servicePool('notifications'),
    redis: new Redis(redisUrl(), { enableAutoPipelining: true }),
    topic,
    groupId: process.env.NOTIFICATIONS_GROUP ?? `${topic}.workers`,
    keyPrefix: KEY_PREFIX,
  });
  return { NOTIFICATIONS_TOPIC: topic };
}, serve);
