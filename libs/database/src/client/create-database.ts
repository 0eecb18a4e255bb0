import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { DependencyBreaker, type BreakerOptions } from '@perflab/resilience';
import type { Pool } from 'pg';
import { isDependencyFailure } from './caller-errors';
import { markTransactionConnectionFailures } from './connection-failure';
import { plainSql, type PlainSql } from './plain-sql';
import { createPool, poolState, type PoolOptions, type PoolState } from './pool';
import { instrumentedQueries } from './query-extension';

/** The part of a generated PrismaClient this factory relies on. */
export interface PrismaClientLike {
  $extends: (extension: never) => unknown;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
}

/** A service's generated PrismaClient class, e.g. `PrismaClient` from prisma/auth/generated/client. */
export type PrismaClientClass<C extends PrismaClientLike> = new (options: { adapter: PrismaPg }) => C;

export interface DatabaseOptions extends PoolOptions {
  breaker?: BreakerOptions;
  /**
   * Name each distinct SQL text so Postgres parses and plans it once per connection.
   * Off by default: every distinct statement stays prepared on every connection.
   */
  preparedStatements?: boolean;
}

export interface Database<C> {
  /** The service's Prisma client, instrumented (metrics, breaker); same API as C. */
  readonly client: C;
  /** The raw pool, for hot paths in plain SQL; its sessions use the service's schema. */
  readonly pool: Pool;
  /** Plain SQL on that pool, timed and behind the breaker like the client: for the hottest reads. */
  readonly sql: PlainSql;
  readonly breaker: DependencyBreaker;
  state(): PoolState;
  /**
   * Loads Prisma's query compiler (a WebAssembly module) now, not on the first Prisma query:
   * that load blocks the event loop for 50–200 ms, and the first query can come mid-load (a
   * periodic job). Opens no connection, so it succeeds while Postgres is down.
   */
  warm(): Promise<void>;
  /** Disconnects Prisma and ends the pool; safe to call twice. */
  close(): Promise<void>;
}

/**
 * pg.Pool (search_path = service) → PrismaPg adapter (schema = service) → the
 * service's generated client, extended with query metrics and the 'postgres' breaker.
 * Every way to reach Postgres through it (model and raw queries, transactions, the raw
 * pool) fails a connection-level failure as `retryable`: 503 + Retry-After in every service.
 */
export function createDatabase<C extends PrismaClientLike>(
  PrismaClient: PrismaClientClass<C>,
  options: DatabaseOptions,
): Database<C> {
  const pool = createPool(options);
  const adapter = new PrismaPg(pool, {
    schema: options.service,
    statementNameGenerator: options.preparedStatements ? statementName : undefined,
  });
  const breaker = new DependencyBreaker('postgres', {
    // The server cancels a slow statement first; the breaker's timeout is the backstop.
    timeoutMs: (options.connectionTimeoutMs ?? 5_000) + (options.statementTimeoutMs ?? 10_000),
    // Only Postgres's own trouble counts (and earns a fallback); everything else is the caller's.
    isCallerError: (error: unknown) => !isDependencyFailure(error),
    ...options.breaker,
  });
  const base = new PrismaClient({ adapter });
  // A query extension adds behaviour, not API, so the extended client keeps C's type.
  const client = markTransactionConnectionFailures(base.$extends(instrumentedQueries(breaker) as never) as C, breaker);
  let closing: Promise<void> | undefined;
  return {
    client,
    pool,
    sql: plainSql(pool, breaker),
    breaker,
    state: () => poolState(pool),
    warm: () => base.$connect(),
    close: () =>
      (closing ??= (async () => {
        await base.$disconnect();
        await pool.end();
        breaker.shutdown();
      })()),
  };
}

function statementName(query: { sql: string }): string {
  return `pl_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;
}
