import type { DependencyBreaker } from '@perflab/resilience';
import type { Pool, QueryResultRow } from 'pg';
import { errorCodeLabel } from './caller-errors';
import { queryDuration, queryErrors } from './database-metrics';

/**
 * One parameterised statement on the pool, without Prisma's per-query work (argument
 * serialisation, the query-plan cache lookup, the adapter's result conversion). For a
 * hot path where the bench shows that work matters; everything else stays on the client.
 */
export type PlainSql = <T extends QueryResultRow>(operation: string, text: string, values?: unknown[]) => Promise<T[]>;

/** Timed under `db_query_duration_seconds{model="sql",operation}` and run through the Postgres breaker, like the client's queries. */
export function plainSql(pool: Pool, breaker: DependencyBreaker): PlainSql {
  return async <T extends QueryResultRow>(operation: string, text: string, values: unknown[] = []) => {
    const labels = { model: 'sql', operation };
    const started = process.hrtime.bigint();
    try {
      // The pool marks connection failures retryable (markPoolConnectionFailures).
      return (await breaker.run(() => pool.query<T>(text, values))).rows;
    } catch (error) {
      queryErrors.inc({ ...labels, code: errorCodeLabel(error) });
      throw error;
    } finally {
      queryDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
