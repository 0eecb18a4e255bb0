import { counter, gauge, histogram, histogramSeries, type HistogramSeries } from '@perflab/observability';
import type { Pool } from 'pg';

/** Names as the load-test documents query them. */
export const queryDuration = histogram('db_query_duration_seconds', 'Database query duration in seconds', [
  'model',
  'operation',
]);
const durationByQuery = new Map<string, HistogramSeries>();
/** `db_query_duration_seconds` for one (model, operation), resolved once per pair: queries are a per-request path. */
export function queryDurationFor(model: string, operation: string): HistogramSeries {
  const key = `${model}\u0000${operation}`;
  let series = durationByQuery.get(key);
  if (series === undefined) durationByQuery.set(key, (series = histogramSeries(queryDuration, { model, operation })));
  return series;
}

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
