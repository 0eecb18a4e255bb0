import { randomUUID } from 'node:crypto';
import { REDIS, type RedisClient } from '@perflab/cache';
import { OutboxRelay } from '@perflab/messaging';
import { createTokenMinter, waitFor } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('notif_trips');

/** What one request sent: Postgres statements (by first words) and Redis commands, in order. */
interface Trips {
  postgres: string[];
  redis: string[];
}

/**
 * The round trips each hot operation of the load test costs (the load profile's top frames were
 * one socket write per statement and per command), counted at the drivers: pg's Client#query and
 * the service's Redis client. The numbers are the budget: a change that adds a round trip to a hot
 * path fails here and says which. Background work is switched off (API role, no warming, polls an
 * hour apart), so what is counted is the request and the outbox drain its nudge starts.
 */
describe('round trips per hot operation', () => {
  let app: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let observer: Client;
  let token: string;
  const user = randomUUID();
  const trips: Trips = { postgres: [], redis: [] };
  const originalQuery = Client.prototype.query;

  /** Runs `work`, then waits until `settled` holds for what was sent, and returns what was sent. */
  async function measure(work: () => Promise<unknown>, settled: (t: Trips) => boolean = () => true): Promise<Trips> {
    trips.postgres = [];
    trips.redis = [];
    await work();
    await waitFor(() => settled(trips) || undefined, { what: 'the request and its follow-ups to settle' });
    return { postgres: [...trips.postgres], redis: [...trips.redis] };
  }

  const outboxDrained = (t: Trips) => t.postgres.filter((s) => s === 'COMMIT').length >= 1;

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    token = await minter.token(user);
    observer = new Client({ connectionString: database.url });
    await observer.connect();
    // Every statement the service's pool sends (Prisma's adapter and plain SQL alike), not the observer's;
    // before the app starts, as the pool binds each connection's query method when it connects.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (this !== observer) trips.postgres.push(statementOf(args[0]));
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    app = await startTestApp({
      ...serviceEnv(names, database.url, minter.publicKeysJson),
      ROLE: 'api',
      CACHE_WARMING_ENABLED: 'false',
      OUTBOX_POLL_INTERVAL_MS: '60000',
      IDEMPOTENCY_CLEANUP_INTERVAL_MS: '3600000',
    });
    // The relay's start-up drain (and its depth gauge) must not land in the first measurement.
    const relay = app.app.get(OutboxRelay);
    await waitFor(() => relay.status.lastRunAt !== undefined || undefined, { what: "the relay's start-up drain" });
    const redis = app.app.get<RedisClient>(REDIS);
    const send = redis.sendCommand.bind(redis) as (command: never, stream?: never) => unknown;
    redis.sendCommand = ((command: { name: string }, stream?: never) => {
      trips.redis.push(command.name);
      return send(command as never, stream);
    }) as typeof redis.sendCommand;
    // Token verification is remembered per token: the first request pays it, the load test's do not.
    expect((await app.request('GET', `/users/${user}/notifications/unread-count`, { token })).status).toBe(200);
  });

  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await app?.close();
    await observer?.end();
    await cleanUp(names);
    await database?.drop();
  });

  const create = () =>
    app.request<{ id: string }>('POST', '/notifications', {
      token,
      body: { userId: user, type: 'trips', channel: 'EMAIL', title: 'Round trips', body: 'counted' },
    });

  it('create: one statement, then the outbox drain its nudge starts (claim, commit)', async () => {
    const sent = await measure(async () => expect((await create()).status).toBe(202), outboxDrained);
    expect(sent.redis).toEqual([]);
    expect(sent.postgres).toEqual(['WITH input', 'BEGIN + DELETE outbox_events', 'COMMIT']);
  });

  /** A fresh notification, its outbox drain finished (so it does not count towards the next request). */
  async function created(): Promise<string> {
    let id = '';
    await measure(async () => (id = (await create()).body.id), outboxDrained);
    return id;
  }

  it('read: a Redis GET when cached; GET, one SELECT and SET on a miss', async () => {
    const id = await created();
    const miss = await measure(() => app.request('GET', `/notifications/${id}`, { token }));
    expect(miss.redis).toEqual(['get', 'set']);
    expect(miss.postgres).toEqual(['SELECT notifications']);
    const hit = await measure(() => app.request('GET', `/notifications/${id}`, { token }));
    expect(hit).toEqual({ postgres: [], redis: ['get'] });
  });

  it('list: one statement (no count beside the page)', async () => {
    const sent = await measure(async () =>
      expect((await app.request('GET', `/notifications?userId=${user}&take=20`, { token })).status).toBe(200),
    );
    expect(sent).toEqual({ postgres: ['SELECT notifications'], redis: [] });
  });

  it('unread count: a Redis GET when cached; GET, one SELECT and SET on a miss', async () => {
    const path = `/users/${user}/notifications/unread-count`;
    await app.app.get<RedisClient>(REDIS).del(`${names.redisPrefix}:unread:${user}`);
    const miss = await measure(() => app.request('GET', path, { token }));
    expect(miss).toEqual({ postgres: ['SELECT unread_counts'], redis: ['get', 'set'] });
    const hit = await measure(() => app.request('GET', path, { token }));
    expect(hit).toEqual({ postgres: [], redis: ['get'] });
  });

  it('mark read: one statement and one DEL of the two keys it changes', async () => {
    const id = await created();
    const sent = await measure(async () =>
      expect((await app.request('PATCH', `/notifications/${id}/read`, { token })).status).toBe(200),
    );
    expect(sent).toEqual({ postgres: ['WITH target'], redis: ['del'] });
  });
});

/**
 * What one delivery costs the worker role: the load test creates 30 % of its requests, so this
 * runs beside every measured operation. Each SENT changes its user's unread count and so
 * invalidates `unread:<user>`: at the load test's rates most unread-count requests then miss
 * (GET, SELECT, SET). The bare baseline's delivery loop (load-tests/baselines/
 * notifications-delivery.ts) mirrors these statements and commands, so both pay that alike.
 */
describe('round trips per delivery (worker role)', () => {
  const workerNames = isolatedNames('notif_trips_worker');
  let app: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let token: string;
  const user = randomUUID();
  const trips: Trips = { postgres: [], redis: [] };
  const originalQuery = Client.prototype.query;

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    token = await minter.token(user);
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      trips.postgres.push(statementOf(args[0]));
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    app = await startTestApp({
      ...serviceEnv(workerNames, database.url, minter.publicKeysJson),
      CACHE_WARMING_ENABLED: 'false',
      OUTBOX_POLL_INTERVAL_MS: '60000',
      IDEMPOTENCY_CLEANUP_INTERVAL_MS: '3600000',
      SWEEP_INTERVAL_MS: '3600000',
      SCHEDULER_INTERVAL_MS: '3600000',
    });
    const relay = app.app.get(OutboxRelay);
    await waitFor(() => relay.status.lastRunAt !== undefined || undefined, { what: "the relay's start-up drain" });
    const redis = app.app.get<RedisClient>(REDIS);
    const send = redis.sendCommand.bind(redis) as (command: never, stream?: never) => unknown;
    redis.sendCommand = ((command: { name: string; args: unknown[] }, stream?: never) => {
      // A DEL with the kinds of key it deletes (`notification`, `unread`); others by name.
      const kinds = command.name === 'del' ? command.args.map((key) => ` ${String(key).split(':').at(-2)}`) : [];
      trips.redis.push(command.name + kinds.join(''));
      return send(command as never, stream);
    }) as typeof redis.sendCommand;
  });

  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await app?.close();
    await cleanUp(workerNames);
    await database?.drop();
  });

  it("claim, DEL notification, the provider's send-once key, SENT (with the unread counter), DEL notification and unread", async () => {
    trips.postgres = [];
    trips.redis = [];
    const created = await app.request<{ id: string }>('POST', '/notifications', {
      token,
      body: { userId: user, type: 'trips', channel: 'IN_APP', title: 'Delivered', body: 'counted' },
    });
    expect(created.status).toBe(202);
    await waitFor(() => trips.redis.length >= 3 || undefined, { what: 'the delivery to invalidate twice' });
    const worker = trips.postgres.filter((s) => s === 'WITH current' || s === 'WITH finished');
    expect(worker).toEqual(['WITH current', 'WITH finished']);
    // The simulated provider's send-once key: with a ledger (tests) one EVAL, without (the bench) SET NX.
    expect(trips.redis).toEqual(['del notification', 'eval', 'del notification unread']);
  });
});

/**
 * A statement as `VERB table` (`SELECT notifications`), a CTE by its first name (`WITH input`), or
 * its verb; several in one text (one round trip) joined with ` + `.
 */
function statementOf(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { text?: string })?.text ?? '?');
  return text
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const verb = (/^\s*(\w+)/.exec(part)?.[1] ?? '?').toUpperCase();
      if (verb === 'WITH') return `WITH ${/^\s*WITH\s+(\w+)/i.exec(part)?.[1]}`;
      const table = /\b(?:FROM|INTO|UPDATE)\s+(\w+)/i.exec(part)?.[1];
      return table ? `${verb} ${table}` : verb;
    })
    .join(' + ');
}
