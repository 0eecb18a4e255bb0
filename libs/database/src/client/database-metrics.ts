import { counter, gauge, histogram, histogramSeriesBy } from '@perflab/observability';
import type { Pool } from 'pg';

/** Names as the load-test documents query them. */
export const queryDuration = histogram('db_query_duration_seconds', 'Database query duration in seconds', [
  'model',
  'operation',
]);
/** `db_query_duration_seconds` for one (model, operation): queries are a per-request path. */
export const queryDurationFor = histogramSeriesBy(queryDuration, ['model', 'operation']);

export const queryErrors = counter('db_query_errors_total', 'Failed database queries', ['model', 'operation', 'code']);
export const connectionsActive = gauge('db_connections_active', 'Database connections checked out of the pool');

/**
 * Counts connections in use (pool totalCount - idleCount) by following checkout and
 * release, so it stays right with several pools in one process.
 */
export function trackPoolConnections(pool: Pool): void {
  pool.on('acquire', () => connectionsActive.inc());
  pool.on('release', () => connectionsActive.dec());
}
