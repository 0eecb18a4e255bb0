import type { Database } from '../client/create-database';

/** Readiness for Postgres (`/health/database`): a real round trip, the pool's state and the breaker's. */
export function databaseHealthIndicator(database: Database<unknown>) {
  return {
    name: 'database',
    async check() {
      try {
        await database.pool.query('SELECT 1');
        const pool = database.state();
        return {
          status: 'up' as const,
          pool: { ...pool, active: pool.total - pool.idle },
          breaker: database.breaker.state,
        };
      } catch (error) {
        return { status: 'down' as const, error: (error as Error).message, pool: database.state() };
      }
    },
  };
}
