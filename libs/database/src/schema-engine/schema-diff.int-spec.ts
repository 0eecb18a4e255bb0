import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@perflab/testing';
import { listServices } from '../migrations/migration-source';
import { prismaDir, schemaFileOf } from '../workspace';
import { schemaDiff } from './schema-diff';

/** Every service of prisma/, so a service added later is checked without editing this file. */
const SERVICES = listServices(prismaDir());

describe('schema.prisma and the committed migrations (Wasm schema engine)', () => {
  let db: ThrowawayDatabase;
  beforeAll(async () => {
    db = await createThrowawayDatabase('diff');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each(SERVICES)('%s: replaying the migrations leaves nothing to change', async (service) => {
    expect(await schemaDiff({ service, url: db.url, from: 'migrations' })).toBe('');
  });

  it.each(SERVICES)('%s: from an empty database, the engine writes every table', async (service) => {
    const schema = readFileSync(schemaFileOf(service), 'utf8');
    const tables = [...schema.matchAll(/@@map\("([a-z_]+)"\)/g)].map((m) => m[1]);
    expect(tables.length).toBeGreaterThan(0);
    const sql = await schemaDiff({ service, url: db.url, from: 'empty' });
    expect(sql).toContain(`CREATE SCHEMA IF NOT EXISTS "${service}"`);
    for (const table of tables) expect(sql).toContain(`CREATE TABLE "${table}"`);
  });

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
