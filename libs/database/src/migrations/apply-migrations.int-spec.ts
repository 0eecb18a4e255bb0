import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyMigrations } from '../test-support/copy-migrations';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@perflab/testing';
import { migrationsDirOf, prismaDir } from '../workspace';
import { applyAllMigrations, applyMigrations } from './apply-migrations';
import { MigrationChecksumError, MigrationFailedError, MigrationUnresolvedError } from './migration-errors';
import { checksumOf, listServices, readMigrations } from './migration-source';

async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  const databases: ThrowawayDatabase[] = [];
  const fresh = async () => {
    const db = await createThrowawayDatabase('mig');
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  describe('on an empty database', () => {
    let db: ThrowawayDatabase;
    beforeAll(async () => {
      db = await fresh();
    });

    it('applies every service into its own schema, then a second run is a no-op', async () => {
      const first = await applyAllMigrations({ url: db.url });
      // Every service of prisma/ (auth, notifications, and each service added since), in name order.
      expect(first.map((r) => r.service)).toEqual(listServices(prismaDir()));
      for (const result of first) {
        expect(result.applied).toEqual(readMigrations(migrationsDirOf(result.service)).map((m) => m.name));
        expect(result.alreadyApplied).toEqual([]);
      }
      // Every service's tables sit in its own schema, none in public (other services' migrations may add more).
      const tables = await query<{ schema: string; name: string }>(
        db.url,
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      expect([...new Set(tables.map((t) => t.schema))]).toEqual(listServices(prismaDir()));
      expect(tables).toEqual(
        expect.arrayContaining([
          { schema: 'auth', name: '_prisma_migrations' },
          { schema: 'auth', name: 'refresh_tokens' },
          { schema: 'auth', name: 'users' },
          { schema: 'notifications', name: '_prisma_migrations' },
          { schema: 'notifications', name: 'notification_events' },
          { schema: 'notifications', name: 'notifications' },
        ]),
      );

      const before = await query(db.url, 'SELECT * FROM auth._prisma_migrations ORDER BY migration_name');
      const second = await applyAllMigrations({ url: db.url });
      for (const result of second) {
        expect(result.applied).toEqual([]);
        expect(result.alreadyApplied.length).toBeGreaterThan(0);
      }
      expect(await query(db.url, 'SELECT * FROM auth._prisma_migrations ORDER BY migration_name')).toEqual(before);
    });

    it('records each migration exactly as prisma migrate deploy does', async () => {
      const migrations = readMigrations(migrationsDirOf('auth'));
      const rows = await query<Record<string, unknown>>(
        db.url,
        'SELECT * FROM auth._prisma_migrations ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      for (const [i, row] of rows.entries()) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toBe(
          checksumOf(readFileSync(join(migrationsDirOf('auth'), migrations[i].name, 'migration.sql'))),
        );
        expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
        expect(row.finished_at).toBeInstanceOf(Date);
        expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual((row.started_at as Date).getTime());
      }
    });

    it('creates _prisma_migrations with the columns and types Prisma creates', async () => {
      const columns = await query(
        db.url,
        `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'auth' AND table_name = '_prisma_migrations'
         ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
        {
          column_name: 'checksum',
          data_type: 'character varying',
          length: 64,
          is_nullable: 'NO',
          column_default: null,
        },
        {
          column_name: 'finished_at',
          data_type: 'timestamp with time zone',
          length: null,
          is_nullable: 'YES',
          column_default: null,
        },
        {
          column_name: 'migration_name',
          data_type: 'character varying',
          length: 255,
          is_nullable: 'NO',
          column_default: null,
        },
        { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
        {
          column_name: 'rolled_back_at',
          data_type: 'timestamp with time zone',
          length: null,
          is_nullable: 'YES',
          column_default: null,
        },
        {
          column_name: 'started_at',
          data_type: 'timestamp with time zone',
          length: null,
          is_nullable: 'NO',
          column_default: 'now()',
        },
        {
          column_name: 'applied_steps_count',
          data_type: 'integer',
          length: null,
          is_nullable: 'NO',
          column_default: '0',
        },
      ]);
    });
  });

  it('refuses a migration changed after it was applied, and changes nothing', async () => {
    const db = await fresh();
    const copy = copyMigrations('auth');
    try {
      await applyMigrations({ url: db.url, service: 'auth', migrationsDir: copy.dir });
      const [migration] = readMigrations(copy.dir);
      appendFileSync(join(copy.dir, migration.name, 'migration.sql'), '\nCREATE TABLE "sneaky" (id INT);\n');
      const attempt = applyMigrations({ url: db.url, service: 'auth', migrationsDir: copy.dir });
      await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
      await expect(attempt).rejects.toThrow(/auth\/.*_init was modified after it was applied/);
      expect(await query(db.url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'sneaky'`)).toEqual([]);
    } finally {
      copy.remove();
    }
  });

  it('accepts an applied migration whose file only gained CRLF line endings (a Windows checkout)', async () => {
    const db = await fresh();
    const copy = copyMigrations('auth');
    try {
      await applyMigrations({ url: db.url, service: 'auth', migrationsDir: copy.dir });
      const [migration] = readMigrations(copy.dir);
      const file = join(copy.dir, migration.name, 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
      await expect(applyMigrations({ url: db.url, service: 'auth', migrationsDir: copy.dir })).resolves.toMatchObject({
        applied: [],
      });
    } finally {
      copy.remove();
    }
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const db = await fresh();
    const copy = copyMigrations('auth');
    try {
      mkdirSync(join(copy.dir, '29990101000000_broken'));
      writeFileSync(
        join(copy.dir, '29990101000000_broken', 'migration.sql'),
        'CREATE TABLE "half_done" (id INT);\n-- a comment; with a semicolon\nALTER TABLE "no_such_table" ADD COLUMN x INT;\n',
      );
      const attempt = applyMigrations({ url: db.url, service: 'auth', migrationsDir: copy.dir });
      await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
      await expect(attempt).rejects.toThrow(/auth\/29990101000000_broken failed and was rolled back: .*no_such_table/);
      const names = await query<{ migration_name: string }>(
        db.url,
        'SELECT migration_name FROM auth._prisma_migrations',
      );
      expect(names.map((r) => r.migration_name).sort()).toEqual(
        readMigrations(migrationsDirOf('auth')).map((m) => m.name),
      );
      expect(await query(db.url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`)).toEqual([]);
    } finally {
      copy.remove();
    }
  });

  it('refuses to go on past a migration prisma migrate deploy left unfinished', async () => {
    const db = await fresh();
    await applyMigrations({ url: db.url, service: 'auth' });
    await query(
      db.url,
      `INSERT INTO auth._prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count, logs)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '29990101000000_half', now(), 0, 'error: boom')`,
    );
    await expect(applyMigrations({ url: db.url, service: 'auth' })).rejects.toBeInstanceOf(MigrationUnresolvedError);
    // Marked rolled back (prisma migrate resolve --rolled-back), the row no longer blocks.
    await query(
      db.url,
      `UPDATE auth._prisma_migrations SET rolled_back_at = now() WHERE migration_name = '29990101000000_half'`,
    );
    await expect(applyMigrations({ url: db.url, service: 'auth' })).resolves.toMatchObject({ applied: [] });
  });

  it('applies each migration exactly once when two runners start together', async () => {
    const db = await fresh();
    const results = await Promise.all([applyAllMigrations({ url: db.url }), applyAllMigrations({ url: db.url })]);
    for (const service of ['auth', 'notifications']) {
      const expected = readMigrations(migrationsDirOf(service)).map((m) => m.name);
      const appliedBy = results.map((run) => run.find((r) => r.service === service)!.applied);
      expect(appliedBy.flat().sort()).toEqual(expected);
      const rows = await query<{ migration_name: string }>(
        db.url,
        `SELECT migration_name FROM ${service}._prisma_migrations`,
      );
      expect(rows.map((r) => r.migration_name).sort()).toEqual(expected);
    }
  });

  it('names unknown services instead of migrating nothing', async () => {
    await expect(
      applyAllMigrations({ url: 'postgresql://unused@127.0.0.1/x_test', services: ['nope'] }),
    ).rejects.toThrow(/No migrations for: nope/);
  });
});
