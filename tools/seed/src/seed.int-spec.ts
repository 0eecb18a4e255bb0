import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawnService, testEnv, uniqueName, waitFor, type SpawnedService } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_PER_ACCOUNT, SEED_ACCOUNTS, SEED_NOTIFICATIONS, SEED_PASSWORD } from './seed-data';

// The 002 guide's own lines, run as printed (`npm run prisma:migrate reset`, `npm run
// prisma:seed`) against a database of this test's own, then auth logging the seeded
// accounts in.

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

function npm(script: string, args: string[], databaseUrl: string) {
  return run('npm', ['run', '--silent', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 90_000,
  });
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const USERS_SQL = 'SELECT * FROM auth.users ORDER BY email';
const NOTIFICATIONS_SQL = 'SELECT * FROM notifications.notifications ORDER BY id';

describe('npm run prisma:migrate reset && npm run prisma:seed', () => {
  // A database this file creates, migrates, seeds and drops; its name marks it disposable.
  const name = uniqueName('perflab_test_seed').toLowerCase();
  const url = Object.assign(new URL(testEnv.databaseUrl), { pathname: `/${name}` }).toString();

  beforeAll(async () => {
    await query(testEnv.databaseUrl, `CREATE DATABASE "${name}"`);
    await npm('prisma:migrate', ['reset'], url);
    const { stdout } = await npm('prisma:seed', [], url);
    expect(stdout).toMatch(/seed: 11 accounts \(11 created, 0 reset to the seed, 0 unchanged\), 220 notifications/);
  }, 180_000);
  afterAll(async () => {
    await query(testEnv.databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('writes the seeded accounts and feeds, with the seed’s ids', async () => {
    const users = await query<{ id: string; email: string; role: string }>(url, USERS_SQL);
    expect(users.map(({ id, email, role }) => ({ id, email, role }))).toEqual(
      SEED_ACCOUNTS.map(({ id, email, role }) => ({ id, email, role })).sort((a, b) => a.email.localeCompare(b.email)),
    );
    const rows = await query<{ id: string; user_id: string; status: string; read_at: Date | null }>(
      url,
      NOTIFICATIONS_SQL,
    );
    expect(rows).toHaveLength(SEED_ACCOUNTS.length * NOTIFICATIONS_PER_ACCOUNT);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const n of SEED_NOTIFICATIONS) {
      expect(byId.get(n.id)).toMatchObject({
        user_id: SEED_ACCOUNTS[n.account].id,
        status: n.status,
        read_at: n.readAt,
      });
    }
    // The unread counters the service reads agree with the seeded rows.
    const counters = await query<{ user_id: string; count: number; counted: number }>(
      url,
      `SELECT c.user_id, c.count, (SELECT count(*)::int FROM notifications.notifications n
         WHERE n.user_id = c.user_id AND n.status = 'SENT' AND n.read_at IS NULL) AS counted
       FROM notifications.unread_counts c`,
    );
    expect(counters).toHaveLength(SEED_ACCOUNTS.length);
    for (const c of counters) expect(c.count).toBe(c.counted);
    expect(counters.some((c) => c.count > 0)).toBe(true);
  });

  it('changes nothing when run again', async () => {
    const before = [await query(url, USERS_SQL), await query(url, NOTIFICATIONS_SQL)];
    const { stdout } = await npm('prisma:seed', [], url);
    expect(stdout).toMatch(/0 created, 0 reset to the seed, 11 unchanged/);
    expect([await query(url, USERS_SQL), await query(url, NOTIFICATIONS_SQL)]).toEqual(before);
  }, 90_000);

  it('sets drifted seed rows back, keeps the existing account id, and leaves other rows alone', async () => {
    await query(
      url,
      `UPDATE auth.users SET role = 'USER', failed_login_count = 5, locked_until = now() + interval '1 hour'
       WHERE email = 'loadtest@example.com';
       UPDATE notifications.notifications SET read_at = now(), title = 'changed' WHERE id = '${SEED_NOTIFICATIONS[1].id}';
       INSERT INTO notifications.notifications (id, user_id, type, channel, title, body, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000001', gen_random_uuid(), 't', 'EMAIL', 'mine', 'b', now());`,
    );
    const { stdout } = await npm('prisma:seed', [], url);
    expect(stdout).toMatch(/0 created, 1 reset to the seed, 10 unchanged/);
    const [admin] = await query<Record<string, unknown>>(
      url,
      `SELECT id, role, failed_login_count, locked_until FROM auth.users WHERE email = 'loadtest@example.com'`,
    );
    expect(admin).toEqual({ id: SEED_ACCOUNTS[0].id, role: 'ADMIN', failed_login_count: 0, locked_until: null });
    const [restored] = await query<Record<string, unknown>>(
      url,
      `SELECT title, read_at FROM notifications.notifications WHERE id = '${SEED_NOTIFICATIONS[1].id}'`,
    );
    expect(restored).toEqual({ title: SEED_NOTIFICATIONS[1].title, read_at: SEED_NOTIFICATIONS[1].readAt });
    expect(
      await query(url, `SELECT 1 FROM notifications.notifications WHERE id = '00000000-0000-4000-8000-000000000001'`),
    ).toHaveLength(1);
  }, 90_000);

  it('refuses a database that is neither the development one nor disposable, before touching it', async () => {
    const other = Object.assign(new URL(testEnv.databaseUrl), { pathname: '/postgres' }).toString();
    const seed = npm('prisma:seed', [], other);
    await expect(seed).rejects.toMatchObject({ code: 1 });
    await expect(seed).rejects.toMatchObject({
      stderr: expect.stringMatching(/Refusing to change database "postgres"/),
    });
    const reset = npm('prisma:migrate', ['reset'], other);
    await expect(reset).rejects.toMatchObject({ stderr: expect.stringMatching(/--confirm-database=postgres/) });
  }, 60_000);

  describe('auth, started on the seeded database', () => {
    let auth: SpawnedService;
    beforeAll(async () => {
      auth = await spawnService('apps/auth/src/main.ts', {
        DATABASE_URL: url,
        WORKERS: '1',
        REDIS_KEY_PREFIX: uniqueName('seedtest'),
        KAFKA_CLIENT_ID: 'seed-test',
        LOG_LEVEL: 'warn',
      });
      await waitFor(async () => (await fetch(`${auth.url}/health`)).ok, { timeoutMs: 60_000, what: 'auth /health' });
    }, 90_000);
    afterAll(async () => {
      await auth?.stop();
    });

    async function login(email: string) {
      const res = await fetch(`${auth.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: SEED_PASSWORD }),
      });
      const body = (await res.json()) as { access_token?: string };
      const claims = body.access_token
        ? JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString())
        : undefined;
      return { status: res.status, claims };
    }

    it('logs in the guide’s test user as ADMIN, and a seeded user as USER, with the seed’s password', async () => {
      expect(await login('loadtest@example.com')).toMatchObject({
        status: 200,
        claims: { sub: SEED_ACCOUNTS[0].id, role: 'ADMIN' },
      });
      expect(await login('user01@example.com')).toMatchObject({
        status: 200,
        claims: { sub: SEED_ACCOUNTS[1].id, role: 'USER' },
      });
    });
  });
});
