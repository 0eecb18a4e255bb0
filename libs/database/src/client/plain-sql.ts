import { createHash } from 'node:crypto';
import type { DependencyBreaker } from '@perflab/resilience';
import type { Pool, QueryResultRow } from 'pg';
import { errorCodeLabel } from './caller-errors';
import { queryDurationFor, queryErrors } from './database-metrics';

/**
 * One parameterised statement on the pool, without Prisma's per-query work (argument
 * serialisation, the query-plan cache lookup, the adapter's result conversion). For a
 * hot path where the bench shows that work matters; everything else stays on the client.
 * `text` is code, never built from input (values go in `values`): it names a prepared statement.
 */
export type PlainSql = <T extends QueryResultRow>(operation: string, text: string, values?: unknown[]) => Promise<T[]>;

/** Distinct texts named; past this many, statements run unnamed (a bound, not a limit code should reach). */
const MAX_NAMED_STATEMENTS = 200;

/**
 * Timed under `db_query_duration_seconds{model="sql",operation}` and run through the Postgres breaker,
 * like the client's queries. Each distinct text is a named statement: Postgres parses and plans it
 * once per connection, and later executions send only Bind/Execute (same round trip, less work on
 * both sides).
 */
export function plainSql(pool: Pool, breaker: DependencyBreaker): PlainSql {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
      name = `pl_sql_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return async <T extends QueryResultRow>(operation: string, text: string, values: unknown[] = []) => {
    const observeDuration = queryDurationFor('sql', operation).startTimer();
    try {
      // The pool marks connection failures retryable (markPoolConnectionFailures).
      return (await breaker.run(() => pool.query<T>({ name: nameOf(text), text, values }))).rows;
    } catch (error) {
      queryErrors.inc({ model: 'sql', operation, code: errorCodeLabel(error) });
      throw error;
    } finally {
      observeDuration();
    }
  };
}
