import { Client } from 'pg';
import { impactHistory, type HistoryOptions, type HistoryRow } from './impact-history';

export interface LoadResult {
  events: number;
  insertMs: number;
  rollupMs: number;
}

const TABLES = [
  'impact_events',
  'daily_company_metrics',
  'daily_volunteers',
  'daily_participants',
  'volunteer_months',
  'volunteer_cohorts',
];

/** One multi-row insert per batch: the columns as arrays, unnest()ed server-side (no COPY driver needed). */
function insertBatch(client: Client, rows: HistoryRow[]) {
  const col = <K extends keyof HistoryRow>(key: K) => rows.map((r) => r[key]);
  return client.query(
    `INSERT INTO impact_events (event_id, company_id, kind, occurred_at, session_id, participant_id, volunteer_id,
       programme, duration_minutes, volunteer_hours, score, source, received_at)
     SELECT e, c, k, o, s, p, v, CASE WHEN k = 'session' THEN 'mentoring' END, d, h, sc, 'seed', o
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
       $8::int[], $9::numeric[], $10::smallint[]) AS x(e, c, k, o, s, p, v, d, h, sc)`,
    [
      col('eventId'),
      col('companyId'),
      col('kind'),
      col('occurredAt'),
      col('sessionId'),
      col('participantId'),
      col('volunteerId'),
      col('durationMinutes'),
      col('volunteerHours'),
      col('score'),
    ],
  );
}

/**
 * The rollups recomputed from impact_events: the same numbers the consumer's incremental
 * statements reach (the integration test compares both sources), in five set-based inserts.
 */
export async function rebuildRollups(client: Client): Promise<void> {
  await client.query(
    'TRUNCATE daily_company_metrics, daily_volunteers, daily_participants, volunteer_months, volunteer_cohorts',
  );
  await client.query(`
    INSERT INTO daily_company_metrics (company_id, day, sessions, volunteer_hours, feedback_count, feedback_score_sum)
    SELECT company_id, (occurred_at AT TIME ZONE 'UTC')::date,
      count(*) FILTER (WHERE kind = 'session'), coalesce(sum(volunteer_hours), 0),
      count(*) FILTER (WHERE kind = 'feedback'), coalesce(sum(score), 0)
    FROM impact_events GROUP BY 1, 2`);
  await client.query(`
    INSERT INTO daily_volunteers (company_id, day, volunteer_id)
    SELECT DISTINCT company_id, (occurred_at AT TIME ZONE 'UTC')::date, volunteer_id FROM impact_events WHERE kind = 'session'`);
  await client.query(`
    INSERT INTO daily_participants (company_id, day, participant_id)
    SELECT DISTINCT company_id, (occurred_at AT TIME ZONE 'UTC')::date, participant_id FROM impact_events WHERE kind = 'session'`);
  await client.query(`
    INSERT INTO volunteer_months (company_id, volunteer_id, month, sessions)
    SELECT company_id, volunteer_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, count(*)
    FROM impact_events WHERE kind = 'session' GROUP BY 1, 2, 3`);
  await client.query(`
    INSERT INTO volunteer_cohorts (company_id, volunteer_id, first_month)
    SELECT company_id, volunteer_id, min(month) FROM volunteer_months GROUP BY 1, 2`);
  await client.query(`ANALYZE ${TABLES.join(', ')}`);
}

/** Empties the reporting tables and loads the history, then builds the rollups from it. */
export async function loadHistory(
  url: string,
  options: HistoryOptions,
  log: (line: string) => void = () => undefined,
): Promise<LoadResult> {
  const client = new Client({ connectionString: url, options: '-c search_path=reporting' });
  await client.connect();
  try {
    await client.query(`TRUNCATE ${TABLES.join(', ')}`);
    const started = Date.now();
    let events = 0;
    // Secondary index built after the load: one sort instead of a million index insertions.
    await client.query('DROP INDEX IF EXISTS impact_events_company_kind_occurred_idx');
    // The next batch is generated while the database inserts the last one.
    let inFlight: Promise<unknown> = Promise.resolve();
    for (const batch of impactHistory(options)) {
      await inFlight;
      inFlight = insertBatch(client, batch);
      events += batch.length;
      if (events % 200_000 === 0) log(`seed: ${events} events`);
    }
    await inFlight;
    await client.query(
      'CREATE INDEX impact_events_company_kind_occurred_idx ON impact_events (company_id, kind, occurred_at)',
    );
    const insertMs = Date.now() - started;
    const rollupStarted = Date.now();
    await rebuildRollups(client);
    return { events, insertMs, rollupMs: Date.now() - rollupStarted };
  } finally {
    await client.end();
  }
}

/** Loads the history only into an empty impact_events, under a lock (cluster workers, restarts). */
export async function seedIfEmpty(
  url: string,
  options: HistoryOptions,
  log: (line: string) => void,
): Promise<LoadResult | undefined> {
  const client = new Client({ connectionString: url, options: '-c search_path=reporting' });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('reporting-seed'))");
    const { rows } = await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM impact_events) AS any');
    if (rows[0].any) return undefined;
    return await loadHistory(url, options, log);
  } finally {
    await client.end(); // releases the lock
  }
}
