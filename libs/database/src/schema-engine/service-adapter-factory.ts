import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Client, Pool, type QueryResult } from 'pg';
import { databaseNameOf, withoutSchemaParam } from '../connection-url';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * Two gaps in @prisma/adapter-pg 7.10 that break the Wasm schema engine on Postgres,
 * closed here and only here (the service clients are untouched):
 * - executeScript splits the script on every ";" (even inside comments, strings and
 *   function bodies); a migration is sent whole instead, as Postgres accepts it.
 * - catalog columns of type "char" (relkind, contype…) are refused as an unsupported
 *   type, so the engine cannot describe a schema; they are handed over as text.
 */
async function connectAdapter(url: string, service: string): Promise<SqlDriverAdapter> {
  // search_path too: migration.sql names its tables unqualified, as with ?schema=<service>.
  // allowExitOnIdle: the engine does not always dispose its adapters; a CLI run must still end.
  const pool = new Pool({ connectionString: url, max: 2, options: `-c search_path=${service}`, allowExitOnIdle: true });
  const query = pool.query.bind(pool) as (config: unknown) => Promise<QueryResult>;
  pool.query = (async (config: unknown) => charAsText(await query(config))) as unknown as Pool['query'];
  const adapter = await new PrismaPg(pool, { schema: service, disposeExternalPool: true }).connect();
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

function charAsText(result: QueryResult): QueryResult {
  for (const field of result.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/**
 * The driver adapter the Wasm schema engine works through. Its shadow database (needed
 * to replay migrations for a diff) is named after the main one plus "_shadow_…", so a
 * test database's shadow is a test database too, and it is dropped afterwards.
 */
export function serviceAdapterFactory(url: string, service: string): SqlMigrationAwareDriverAdapterFactory {
  const mainUrl = withoutSchemaParam(url);
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectAdapter(mainUrl, service),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const shadowName = `${databaseNameOf(mainUrl)}_shadow_${randomBytes(4).toString('hex')}`;
      await onServer(mainUrl, `CREATE DATABASE "${shadowName}"`);
      const shadowUrl = new URL(mainUrl);
      shadowUrl.pathname = `/${shadowName}`;
      const adapter = await connectAdapter(shadowUrl.toString(), service);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await onServer(mainUrl, `DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
