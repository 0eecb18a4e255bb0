import { Pool } from 'pg';
import { withoutSchemaParam } from '../connection-url';
import { assertServiceName } from '../migrations/migration-source';
import { markPoolConnectionFailures } from './connection-failure';
import { trackPoolConnections } from './database-metrics';

export interface PoolOptions {
  service: string;
  url: string;
  /** Upper bound on connections from this process (DATABASE_POOL_SIZE). */
  poolSize: number;
  connectionTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Server-side cap per statement, so an abandoned query does not run on. */
  statementTimeoutMs?: number;
  onError?: (error: Error) => void;
}

/** What /health/database reports. */
export interface PoolState {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * A pg pool whose sessions see only the service's own schema: unqualified names in
 * raw SQL resolve there, like the tables Prisma's queries name. Its connection-level
 * failures are marked retryable (503 + Retry-After), as the Prisma client's are.
 */
export function createPool(options: PoolOptions): Pool {
  assertServiceName(options.service);
  const pool = new Pool({
    connectionString: withoutSchemaParam(options.url),
    max: options.poolSize,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    application_name: `perflab-${options.service}`,
    options: `-c search_path=${options.service}`,
  });
  // An idle client's connection dropping must not crash the process: the pool
  // discards it and the next checkout connects afresh.
  pool.on('error', (error) => options.onError?.(error));
  // The same for a checked-out client (pg-pool listens only on idle ones): a connection that
  // drops under it emits 'error', which with no listener is an uncaught exception. Its
  // query still fails (marked retryable), and release() discards the dead client.
  pool.on('connect', (client) => client.on('error', (error) => options.onError?.(error)));
  trackPoolConnections(pool);
  markPoolConnectionFailures(pool);
  return pool;
}

export function poolState(pool: Pool): PoolState {
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max };
}
