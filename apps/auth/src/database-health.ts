import type { Database } from '@perflab/database';

/** Readiness for Postgres: a real round trip, plus the pool's state. */
export function databaseHealthIndicator(database: Database<unknown>) {
  return {
    name: 'database',
    async check() {
      try {
        await database.pool.query('SELECT 1');
        return { status: 'up' as const, pool: database.state() };
      } catch (error) {
        return { status: 'down' as const, error: (error as Error).message };
      }
    },
  };
}
