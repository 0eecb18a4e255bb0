import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../migrations/migration-source';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../test-support/throwaway-database';
import { migrationsDirOf } from '../workspace';
import { schemaDiff } from './schema-diff';

/** Removes comment lines, the hand-written (partial index) tail and blank space, to compare SQL. */
function statements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('schema.prisma and the committed migrations (Wasm schema engine)', () => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createThrowawayDatabase('diff');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each(['auth', 'notifications'])('%s: replaying the migrations leaves nothing to change', async (service) => {
    expect(await schemaDiff({ service, url: db.url, from: 'migrations' })).toBe('');
  });

  it.each(['auth', 'notifications'])(
    '%s: the first migration is what the engine generates from the schema',
    async (service) => {
      const [first] = readMigrations(migrationsDirOf(service));
      const generated = statements(await schemaDiff({ service, url: db.url, from: 'empty' }));
      const committed = statements(readFileSync(join(migrationsDirOf(service), first.name, 'migration.sql'), 'utf8'));
      // Only the partial indexes Prisma cannot express are written by hand.
      const handWritten = committed.filter((s) => !generated.includes(s));
      expect(handWritten.every((s) => /^CREATE INDEX .* WHERE /.test(s))).toBe(true);
      expect(handWritten).toHaveLength(service === 'notifications' ? 2 : 0);
      expect(committed.filter((s) => !handWritten.includes(s))).toEqual(generated);
    },
  );

  it('drops the shadow database it replayed the migrations on', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `${db.name}_shadow_%`,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
