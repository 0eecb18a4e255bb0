import { Client } from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { applyAllMigrations } from '../migrations/apply-migrations';
import { listServices, readMigrations } from '../migrations/migration-source';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@perflab/testing';
import { migrationsDirOf, prismaDir } from '../workspace';
import { resetDatabase } from './reset-database';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const count = (url: string, table: string) =>
  withClient(url, async (c) => Number((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n));

/** A user in auth, a notification in notifications, a table in a schema no service owns. */
async function fillDatabase(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO auth.users (id, email, password_hash, name, updated_at)
                   VALUES (gen_random_uuid(), 'someone@example.com', 'x', 'Someone', now())`);
    await c.query(`INSERT INTO notifications.notifications (id, user_id, type, channel, title, body, updated_at)
                   VALUES (gen_random_uuid(), gen_random_uuid(), 't', 'EMAIL', 'title', 'body', now())`);
    await c.query('CREATE SCHEMA keep; CREATE TABLE keep.things (id int); INSERT INTO keep.things VALUES (1)');
  });
}

describe('resetDatabase', () => {
  let db: ThrowawayDatabase;
  const databases: ThrowawayDatabase[] = [];
  beforeEach(async () => {
    db = await createThrowawayDatabase('reset');
    databases.push(db);
    await applyAllMigrations({ url: db.url });
    await fillDatabase(db.url);
  });
  afterAll(async () => {
    for (const each of databases) await each.drop();
  });

  it("empties every service's schema, applies every migration again, and leaves other schemas alone", async () => {
    const results = await resetDatabase({ url: db.url });

    for (const { service, applied, alreadyApplied } of results) {
      expect(applied).toEqual(readMigrations(migrationsDirOf(service)).map((m) => m.name));
      expect(alreadyApplied).toEqual([]);
    }
    expect(results.map((r) => r.service)).toEqual(listServices(prismaDir()));
    expect(await count(db.url, 'auth.users')).toBe(0);
    expect(await count(db.url, 'notifications.notifications')).toBe(0);
    expect(await count(db.url, 'keep.things')).toBe(1);
    // Applied once each: the bookkeeping was dropped with the schema, not appended to.
    expect(await count(db.url, 'auth._prisma_migrations')).toBe(readMigrations(migrationsDirOf('auth')).length);
  });

  it('resets only the services named', async () => {
    await resetDatabase({ url: db.url, services: ['notifications'] });
    expect(await count(db.url, 'notifications.notifications')).toBe(0);
    expect(await count(db.url, 'auth.users')).toBe(1);
  });

  it('refuses an unknown service before dropping anything', async () => {
    await expect(resetDatabase({ url: db.url, services: ['auth', 'nope'] })).rejects.toThrow(/No migrations for: nope/);
    expect(await count(db.url, 'auth.users')).toBe(1);
  });

  it('gives up with a clear message while a session holds a lock on a service table, and drops nothing', async () => {
    await withClient(db.url, async (holder) => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE notifications.notifications IN ACCESS SHARE MODE');
      await expect(resetDatabase({ url: db.url, lockTimeoutMs: 300 })).rejects.toThrow(
        /kept a lock on the services' tables for more than 300 ms/,
      );
      await holder.query('ROLLBACK');
    });
    expect(await count(db.url, 'auth.users')).toBe(1);
    expect(await count(db.url, 'notifications.notifications')).toBe(1);
  });
});
