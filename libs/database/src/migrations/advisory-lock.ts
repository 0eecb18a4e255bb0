import type { ClientBase } from 'pg';

/**
 * The key Prisma's schema engine locks on (postgres), so this runner and
 * `prisma migrate deploy` never migrate the same database at the same time.
 */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Runs `work` holding the session advisory lock; waits at most `timeoutMs` for it. */
export async function withAdvisoryLock<T>(client: ClientBase, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${timeoutMs}ms`]);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new Error(`Another migration held the lock for more than ${timeoutMs} ms; is one stuck?`, { cause: error });
    }
    throw error;
  } finally {
    await client.query(`SELECT set_config('lock_timeout', '0', false)`);
  }
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
}
