import { Client } from 'pg';

// pg_stat_statements top queries and connection/lock counts, read before and after a run.
// The statements view is reset at the start of the run so the top list is this run's.

export interface TopQuery {
  query: string;
  calls: number;
  meanMs: number;
  maxMs: number;
  totalMs: number;
  rows: number;
}

export interface PgSnapshot {
  connections: Record<string, number>;
  totalConnections: number;
  maxConnections: number;
  lockWaits: number;
  topQueries: TopQuery[];
  slowQueries: number;
  notMeasured?: string;
  statementsReset: boolean;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function resetStatements(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
    return true;
  } catch {
    return false;
  }
}

export async function snapshotPostgres(url: string, slowMs = 100, statementsReset = false): Promise<PgSnapshot> {
  try {
    return await withClient(url, async (c) => {
      const db = (await c.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
      const states = await c.query<{ state: string | null; n: string }>(
        `SELECT coalesce(state, 'background') AS state, count(*) AS n FROM pg_stat_activity WHERE datname = $1 GROUP BY 1`,
        [db],
      );
      const max = await c.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'max_connections'`);
      const locks = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE NOT granted`);
      let top: TopQuery[] = [];
      let slow = 0;
      let note: string | undefined;
      try {
        const r = await c.query<{
          query: string;
          calls: string;
          mean: number;
          max: number;
          total: number;
          rows: string;
        }>(
          `SELECT s.query, s.calls, s.mean_exec_time AS mean, s.max_exec_time AS max, s.total_exec_time AS total, s.rows
             FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = $1 AND s.query !~* '(pg_stat_statements|pg_stat_activity|pg_settings|pg_locks|current_database\\(\\))'
            ORDER BY s.total_exec_time DESC LIMIT 10`,
          [db],
        );
        top = r.rows.map((x) => ({
          query: x.query.replace(/\s+/g, ' ').slice(0, 160),
          calls: Number(x.calls),
          meanMs: x.mean,
          maxMs: x.max,
          totalMs: x.total,
          rows: Number(x.rows),
        }));
        const s = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.mean_exec_time > $2`,
          [db, slowMs],
        );
        slow = Number(s.rows[0].n);
      } catch (err) {
        note = `pg_stat_statements unavailable: ${(err as Error).message}`;
      }
      const connections = Object.fromEntries(states.rows.map((r) => [r.state ?? 'background', Number(r.n)]));
      return {
        connections,
        totalConnections: Object.values(connections).reduce((a, b) => a + b, 0),
        maxConnections: Number(max.rows[0]?.setting ?? NaN),
        lockWaits: Number(locks.rows[0].n),
        topQueries: top,
        slowQueries: slow,
        notMeasured: note,
        statementsReset,
      };
    });
  } catch (err) {
    return {
      connections: {},
      totalConnections: NaN,
      maxConnections: NaN,
      lockWaits: NaN,
      topQueries: [],
      slowQueries: NaN,
      notMeasured: `Postgres not reachable: ${(err as Error).message}`,
      statementsReset,
    };
  }
}
