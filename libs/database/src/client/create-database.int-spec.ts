import { randomUUID } from 'node:crypto';
import { metricsRegistry } from '@perflab/observability';
import { createThrowawayDatabase, waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- generated clients as fixtures; services import theirs by alias
import { PrismaClient as AuthClient } from '../../../../prisma/auth/generated/client';
// eslint-disable-next-line @nx/enforce-module-boundaries -- generated clients as fixtures; services import theirs by alias
import { PrismaClient as NotificationsClient } from '../../../../prisma/notifications/generated/client';
import { applyAllMigrations } from '../migrations/apply-migrations';
import { createDatabase, type Database } from './create-database';

async function metricText(name: string): Promise<string> {
  return metricsRegistry.getSingleMetricAsString(name);
}

function sampleValue(text: string, line: RegExp): number {
  const match = text.split('\n').find((l) => line.test(l));
  return match ? Number(match.split(' ').pop()) : 0;
}

describe('createDatabase on migrated schemas', () => {
  let db: ThrowawayDatabase;
  let auth: Database<AuthClient>;
  let notifications: Database<NotificationsClient>;

  beforeAll(async () => {
    db = await createThrowawayDatabase('client');
    await applyAllMigrations({ url: db.url });
    auth = createDatabase(AuthClient, { service: 'auth', url: db.url, poolSize: 3 });
    notifications = createDatabase(NotificationsClient, { service: 'notifications', url: db.url, poolSize: 3 });
  });

  afterAll(async () => {
    await auth?.close();
    await notifications?.close();
    await db?.drop();
  });

  it('creates, reads, updates and cascades auth users and refresh tokens', async () => {
    const { client } = auth;
    const user = await client.user.create({
      data: { email: 'ada@example.test', passwordHash: 'hash', name: 'Ada' },
    });
    expect(user).toMatchObject({ role: 'USER', settings: {}, failedLoginCount: 0, bio: null, lockedUntil: null });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);

    const familyId = randomUUID();
    const token = await client.refreshToken.create({
      data: { userId: user.id, familyId, tokenHash: 'h1', expiresAt: new Date(Date.now() + 60_000) },
    });
    const updated = await client.user.update({
      where: { email: 'ada@example.test' },
      data: { role: 'ADMIN', settings: { theme: 'dark' }, failedLoginCount: { increment: 1 }, bio: 'maths' },
    });
    expect(updated).toMatchObject({ role: 'ADMIN', settings: { theme: 'dark' }, failedLoginCount: 1, bio: 'maths' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());

    const withTokens = await client.user.findUnique({ where: { id: user.id }, include: { refreshTokens: true } });
    expect(withTokens?.refreshTokens.map((t) => t.id)).toEqual([token.id]);
    await client.refreshToken.update({
      where: { tokenHash: 'h1' },
      data: { revokedAt: new Date(), replacedById: randomUUID() },
    });
    expect(await client.refreshToken.count({ where: { familyId, revokedAt: { not: null } } })).toBe(1);

    await client.user.delete({ where: { id: user.id } });
    expect(await client.refreshToken.count()).toBe(0);
  });

  it('creates, reads and updates notifications and their events', async () => {
    const { client } = notifications;
    const userId = randomUUID();
    const created = await client.notification.create({
      data: {
        userId,
        type: 'welcome',
        channel: 'EMAIL',
        title: 'Hi',
        body: 'Welcome',
        data: { locale: 'en' },
        status: 'SCHEDULED',
        scheduledFor: new Date(Date.now() + 60_000),
        correlationId: 'corr-1',
        events: { create: { toStatus: 'SCHEDULED' } },
      },
      include: { events: true },
    });
    expect(created).toMatchObject({ attempts: 0, status: 'SCHEDULED', data: { locale: 'en' } });
    expect(typeof created.events[0].id).toBe('bigint');

    const sent = await client.notification.update({
      where: { id: created.id },
      data: {
        status: 'SENT',
        sentAt: new Date(),
        attempts: { increment: 1 },
        events: { create: { fromStatus: 'SCHEDULED', toStatus: 'SENT', detail: 'smtp ok' } },
      },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(sent.attempts).toBe(1);
    expect(sent.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'SCHEDULED'],
      ['SCHEDULED', 'SENT'],
    ]);
    const feed = await client.notification.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
    expect(feed.map((n) => n.id)).toEqual([created.id]);
  });

  it('has the documented indexes, including the partial ones', async () => {
    const { rows } = await notifications.pool.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'notifications' ORDER BY indexname`,
    );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.idx_notifications_user_created).toMatch(/\(user_id, created_at DESC\)$/);
    expect(defs.idx_notifications_user_status_created).toMatch(/\(user_id, status, created_at DESC\)$/);
    expect(defs.idx_notifications_scheduled).toMatch(
      /\(status, scheduled_for\) WHERE \(status = 'SCHEDULED'::(notifications\.)?"NotificationStatus"\)$/,
    );
    expect(defs.idx_notifications_correlation).toMatch(
      /\(correlation_id, created_at\) WHERE \(correlation_id IS NOT NULL\)$/,
    );
    expect(defs.notification_events_notification_id_idx).toMatch(/\(notification_id\)$/);

    const auth_ = await auth.pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'auth'`,
    );
    expect(auth_.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations_pkey',
        'refresh_tokens_family_id_idx',
        'refresh_tokens_pkey',
        'refresh_tokens_token_hash_key',
        'refresh_tokens_user_id_idx',
        'users_email_key',
        'users_pkey',
      ]),
    );
  });

  it('keeps each service to its own schema, in Prisma queries and on the raw pool', async () => {
    const { rows } = await auth.pool.query<{ path: string }>('SELECT current_setting($1) AS path', ['search_path']);
    expect(rows[0].path).toBe('auth');
    await expect(auth.pool.query('SELECT 1 FROM notifications LIMIT 1')).rejects.toThrow(
      /relation "notifications" does not exist/,
    );
    const raw = await auth.client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM users`;
    expect(typeof raw[0].n).toBe('bigint');
  });

  it('runs batch transactions through the instrumented client', async () => {
    const [a, b] = await auth.client.$transaction([
      auth.client.user.create({ data: { email: 'tx1@example.test', passwordHash: 'x', name: 'T1' } }),
      auth.client.user.create({ data: { email: 'tx2@example.test', passwordHash: 'x', name: 'T2' } }),
    ]);
    expect([a.email, b.email]).toEqual(['tx1@example.test', 'tx2@example.test']);
    await auth.client.$transaction(async (tx) => {
      await tx.user.update({ where: { id: a.id }, data: { name: 'T1b' } });
    });
    expect((await auth.client.user.findUniqueOrThrow({ where: { id: a.id } })).name).toBe('T1b');
  });

  it('records query durations, connections in use and failed queries by code', async () => {
    await auth.client.user.findMany({ take: 1 });
    const durations = await metricText('db_query_duration_seconds');
    expect(durations).toMatch(/db_query_duration_seconds_bucket\{le="[^"]+",model="User",operation="findMany"\} [1-9]/);

    // Hold two connections, so "in use" is observably two more than before.
    const idleBefore = sampleValue(await metricText('db_connections_active'), /^db_connections_active /);
    const held = await Promise.all([auth.pool.connect(), auth.pool.connect()]);
    expect(sampleValue(await metricText('db_connections_active'), /^db_connections_active /)).toBe(idleBefore + 2);
    held.forEach((c) => c.release());
    expect(sampleValue(await metricText('db_connections_active'), /^db_connections_active /)).toBe(idleBefore);

    const errorLine = /^db_query_errors_total\{model="User",operation="create",code="P2002"\}/;
    const errorsBefore = sampleValue(await metricText('db_query_errors_total'), errorLine);
    const data = { email: 'dup@example.test', passwordHash: 'x', name: 'Dup' };
    await auth.client.user.create({ data });
    await expect(auth.client.user.create({ data })).rejects.toMatchObject({ code: 'P2002' });
    expect(sampleValue(await metricText('db_query_errors_total'), errorLine)).toBe(errorsBefore + 1);
  });

  it('runs plain SQL on the service schema, timed and counted like the client', async () => {
    const rows = await notifications.sql<{ schema: string; n: number }>(
      'probe',
      'SELECT current_schema() AS schema, $1::int AS n',
      [7],
    );
    expect(rows).toEqual([{ schema: 'notifications', n: 7 }]);
    expect(await metricText('db_query_duration_seconds')).toMatch(
      /db_query_duration_seconds_bucket\{le="[^"]+",model="sql",operation="probe"\} [1-9]/,
    );
    await expect(notifications.sql('probe_fails', 'SELECT 1 FROM no_such_table')).rejects.toMatchObject({
      code: '42P01',
    });
    expect(await metricText('db_query_errors_total')).toMatch(
      /db_query_errors_total\{model="sql",operation="probe_fails",code="42P01"\} 1/,
    );
  });

  it('prepares each plain SQL text once per connection, and runs it again by name', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    // One after another: the pool hands out the connection just released (LIFO), so all run on one.
    for (let i = 0; i < 10; i++)
      expect(await notifications.sql('probe_prepared', text, [i])).toEqual([{ next: i + 1 }]);
    const prepared = await notifications.sql<{ statement: string }>(
      'probe_list',
      'SELECT statement FROM pg_prepared_statements',
    );
    expect(prepared.filter((row) => row.statement === text)).toHaveLength(1);
  });

  it('does not let caller errors open the postgres breaker', async () => {
    const data = { email: 'again@example.test', passwordHash: 'x', name: 'Again' };
    await auth.client.user.create({ data });
    for (let i = 0; i < 8; i++) {
      await expect(auth.client.user.create({ data })).rejects.toMatchObject({ code: 'P2002' });
      await expect(auth.client.user.update({ where: { id: randomUUID() }, data: { name: 'x' } })).rejects.toMatchObject(
        {
          code: 'P2025',
        },
      );
    }
    expect(auth.breaker.state).toBe('closed');
  });

  it('reports pool state for /health/database', async () => {
    const state = auth.state();
    expect(state.max).toBe(3);
    expect(state.total).toBeGreaterThanOrEqual(1);
    expect(state.total).toBeLessThanOrEqual(3);
    expect(state.idle).toBeLessThanOrEqual(state.total);
    expect(state.waiting).toBe(0);
  });
});

describe('createDatabase against an unreachable Postgres', () => {
  it('fails raw and model queries as retryable dependency failures, which open the breaker', async () => {
    const url = new URL('postgresql://perflab:perflab@127.0.0.1:1/perflab_test_unreachable'); // nothing listens on 1
    const unreachable = createDatabase(NotificationsClient, {
      service: 'notifications',
      url: url.toString(),
      poolSize: 1,
      breaker: { volumeThreshold: 3 },
    });
    try {
      const raw = await unreachable.client.$queryRaw`SELECT 1`.catch((error: unknown) => error);
      expect(raw).toMatchObject({ code: 'P2010', retryable: true });
      const model = await unreachable.client.notification.findFirst().catch((error: unknown) => error);
      expect(model).toMatchObject({ code: 'P1001', retryable: true });
      await unreachable.client.$queryRaw`SELECT 1`.catch(() => undefined);
      expect(unreachable.breaker.state).toBe('open');
      await expect(unreachable.client.$queryRaw`SELECT 1`).rejects.toMatchObject({
        name: 'BreakerOpenError',
        retryable: true,
      });
    } finally {
      await unreachable.close();
    }
  });

  it('marks every other way in as retryable too: transactions and the raw pool', async () => {
    const unreachable = createDatabase(AuthClient, {
      service: 'auth',
      url: 'postgresql://perflab:perflab@127.0.0.1:1/perflab_test_unreachable',
      poolSize: 1,
    });
    const { client, pool } = unreachable;
    try {
      await expect(client.$transaction(async (tx) => tx.user.findFirst())).rejects.toMatchObject({ retryable: true });
      await expect(client.$transaction([client.user.findFirst()])).rejects.toMatchObject({ retryable: true });
      await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED', retryable: true });
      await expect(unreachable.sql('probe', 'SELECT 1')).rejects.toMatchObject({ retryable: true });
      await expect(pool.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED', retryable: true });
      const viaCallback = await new Promise((done) => pool.query('SELECT 1', (error) => done(error)));
      expect(viaCallback).toMatchObject({ retryable: true });
    } finally {
      await unreachable.close();
    }
  });
});

describe('createDatabase when Postgres is reachable but gives no connection', () => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createThrowawayDatabase('client_conn');
    await applyAllMigrations({ url: db.url });
  });
  afterAll(() => db?.drop());

  it('marks a query that waited too long for a pooled connection as retryable', async () => {
    const busy = createDatabase(AuthClient, { service: 'auth', url: db.url, poolSize: 1, connectionTimeoutMs: 200 });
    const held = await busy.pool.connect();
    try {
      await expect(busy.client.user.findFirst()).rejects.toMatchObject({ retryable: true });
      await expect(busy.client.$transaction(async (tx) => tx.user.count())).rejects.toMatchObject({ retryable: true });
      await expect(busy.pool.query('SELECT 1')).rejects.toMatchObject({ retryable: true });
    } finally {
      held.release();
      await busy.close();
    }
  });

  it('marks a query whose connection Postgres terminated as retryable, and a caller error as not', async () => {
    const victim = createDatabase(AuthClient, { service: 'auth', url: db.url, poolSize: 2 });
    const admin = createDatabase(AuthClient, { service: 'auth', url: db.url, poolSize: 1 });
    const tag = `terminate_me_${randomUUID().replace(/-/g, '')}`;
    const terminate = () =>
      waitFor(
        async () =>
          (
            await admin.pool.query<{ n: number }>(
              `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
              [tag],
            )
          ).rows[0].n > 0,
        { what: 'the victim query to be running' },
      );
    try {
      const raw = victim.client.$queryRawUnsafe(`SELECT pg_sleep(5), '${tag}'`).catch((error: unknown) => error);
      await terminate();
      expect(await raw).toMatchObject({ retryable: true });
      const pooled = victim.pool.query(`SELECT pg_sleep(5), '${tag}'`).catch((error: unknown) => error);
      await terminate();
      expect(await pooled).toMatchObject({ code: '57P01', retryable: true });
      // A checked-out client whose connection is terminated while idle in our hands: no
      // uncaught 'error' (the test would fail on it), and its next query fails retryable
      // (a hand-written transaction on the raw pool answers 503, not 500).
      const held = await victim.pool.connect();
      await held.query(`SELECT '${tag}'`);
      await terminate();
      await waitFor(async () => (await held.query('SELECT 1').catch((error: unknown) => error)) instanceof Error, {
        what: 'the held connection to be gone',
      });
      await expect(held.query('SELECT 1')).rejects.toMatchObject({ retryable: true });
      held.release(true);
      const divisionByZero = await victim.pool.query('SELECT 1/0').catch((error: unknown) => error);
      expect(divisionByZero).toMatchObject({ code: '22012' });
      expect(divisionByZero).not.toHaveProperty('retryable');
    } finally {
      await victim.close();
      await admin.close();
    }
  });
});
