import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

// Fair runs start from the same data: services the bench starts use their own database,
// dropped, recreated and migrated at the start of every run (the shared development database
// `perflab` keeps growing, and an old backlog there once leaked into a run).

export const BENCH_DATABASE = 'perflab_bench';

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Drop (after ending leftover sessions), recreate and migrate the bench database; returns its URL. */
export async function resetBenchDatabase(adminUrl: string, root: string, log: (s: string) => void): Promise<string> {
  const url = withDatabase(adminUrl, BENCH_DATABASE);
  const c = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [BENCH_DATABASE],
    );
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE}`);
    await c.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await c.end();
  }
  // The top-query table reads pg_stat_statements from this database.
  const b = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await b.connect();
  try {
    await b.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } catch (err) {
    log(`${BENCH_DATABASE}: pg_stat_statements not created (${(err as Error).message})`);
  } finally {
    await b.end();
  }
  // The migrations of the checkout that runs the service (compare runs a worktree).
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'libs/database/src/cli/migrate.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The previous run's dirty pages are written now, not by a checkpoint in the middle of this run.
  const checkpointed = await checkpoint(adminUrl);
  log(`${BENCH_DATABASE}: dropped, recreated and migrated${checkpointed ? '; CHECKPOINT done' : ''}`);
  return url;
}

/** CHECKPOINT needs superuser or pg_checkpoint; false when not allowed. */
async function checkpoint(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query('CHECKPOINT');
    return true;
  } catch {
    return false;
  } finally {
    await c.end();
  }
}
