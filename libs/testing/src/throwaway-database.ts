import { assertTestDatabase, testEnv, uniqueName } from './test-env';
import { Client } from 'pg';

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database (perflab_test_<prefix>_…) for tests that need one of their own. */
export async function createThrowawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  assertTestDatabase(testEnv.databaseUrl);
  const name = uniqueName(`perflab_test_${prefix}`).toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testEnv.databaseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // WITH (FORCE) ends sessions a failed test may have left open.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
