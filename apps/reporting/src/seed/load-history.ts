import { Client } from 'pg';
import { impactHistory, type HistoryOptions, type HistoryRow } from './impact-history';

export interface LoadResult {
  events: number;
  insertMs: number;
  rollupMs: number;
}

const ROLLUPS = [
  'daily_company_metrics',
  'daily_volunteers',
  'daily_participants',
  'volunteer_months',
  'volunteer_cohorts',
];
const TABLES = ['impact_events', ...ROLLUPS];

/**
 * The indexes a bulk load drops and builds again afterwards (as in the migration): one sort
 * per index at the end instead of an index insertion (and its WAL) per row — at 1M events the
 * rollups took 73 s with their keys in place and a 4 MB work_mem, most of it spilled sorts.
 */
const EVENT_INDEXES = [
  'ALTER TABLE impact_events ADD CONSTRAINT impact_events_pkey PRIMARY KEY (event_id)',
  'CREATE INDEX impact_events_company_kind_occurred_idx ON impact_events (company_id, kind, occurred_at)',
];
const ROLLUP_INDEXES = [
  'ALTER TABLE daily_company_metrics ADD CONSTRAINT daily_company_metrics_pkey PRIMARY KEY (company_id, day)',
  'ALTER TABLE daily_volunteers ADD CONSTRAINT daily_volunteers_pkey PRIMARY KEY (company_id, day, volunteer_id)',
  'ALTER TABLE daily_participants ADD CONSTRAINT daily_participants_pkey PRIMARY KEY (company_id, day, participant_id)',
  'ALTER TABLE volunteer_months ADD CONSTRAINT volunteer_months_pkey PRIMARY KEY (company_id, volunteer_id, month)',
  'ALTER TABLE volunteer_cohorts ADD CONSTRAINT volunteer_cohorts_pkey PRIMARY KEY (company_id, volunteer_id)',
  'CREATE INDEX volunteer_cohorts_company_first_month_idx ON volunteer_cohorts (company_id, first_month)',
];

/** Drops what `indexes` creates (its constraint or index name), so the load writes bare heaps. */
async function dropIndexes(client: Client, indexes: string[]): Promise<void> {
  for (const ddl of indexes) {
    const constraint = /^ALTER TABLE (\w+) ADD CONSTRAINT (\w+)/.exec(ddl);
    if (constraint) await client.query(`ALTER TABLE ${constraint[1]} DROP CONSTRAINT IF EXISTS ${constraint[2]}`);
    else await client.query(`DROP INDEX IF EXISTS ${/^CREATE INDEX (\w+)/.exec(ddl)?.[1] ?? ''}`);
  }
}

/**
 * Session settings for a bulk load: sorts and hashes in memory (the server's 4 MB default
 * spills the rollups' DISTINCTs to disk), index builds with room, and no wait for each
 * commit's flush (the seed is re-run from its seed number if the server crashes mid-way).
 */
async function bulkSession(client: Client): Promise<void> {
  await client.query("SET work_mem = '256MB'");
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query('SET synchronous_commit = off');
}

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

/** The five set-based inserts: the same numbers the consumer's incremental statements reach. */
async function fillRollups(client: Client): Promise<void> {
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
}

/**
 * The rollups recomputed from impact_events, in one transaction: readers and the consumer wait
 * on the tables' locks and then see the whole rebuild, never a half-built one (a live consumer's
 * upsert needs the keys that are dropped while the tables fill).
 */
export async function rebuildRollups(client: Client): Promise<void> {
  await bulkSession(client);
  await client.query('BEGIN');
  try {
    await client.query(`TRUNCATE ${ROLLUPS.join(', ')}`);
    await dropIndexes(client, ROLLUP_INDEXES);
    await fillRollups(client);
    for (const ddl of ROLLUP_INDEXES) await client.query(ddl);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query(`ANALYZE ${TABLES.join(', ')}`);
}

/** A connection on the reporting schema, set up for bulk work. */
async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, options: '-c search_path=reporting' });
  await client.connect();
  await bulkSession(client);
  return client;
}

/** Empties the reporting tables and loads the history, then builds the rollups from it. */
export async function loadHistory(
  url: string,
  options: HistoryOptions,
  log: (line: string) => void = () => undefined,
): Promise<LoadResult> {
  const client = await connect(url);
  try {
    const started = Date.now();
    let events = 0;
    // One transaction: a load that fails half-way leaves the tables (and their keys) as they were.
    await client.query('BEGIN');
    await client.query(`TRUNCATE ${TABLES.join(', ')}`);
    await dropIndexes(client, EVENT_INDEXES);
    // The next batch is generated while the database inserts the last one. (Two writers on
    // two connections were no faster here: the database, not the generator, is the limit.)
    let inFlight: Promise<unknown> = Promise.resolve();
    for (const batch of impactHistory(options)) {
      await inFlight;
      inFlight = insertBatch(client, batch);
      events += batch.length;
      if (events % 200_000 === 0) log(`seed: ${events} events`);
    }
    await inFlight;
    for (const ddl of EVENT_INDEXES) await client.query(ddl);
    await client.query('COMMIT');
    const insertMs = Date.now() - started;
    const rollupStarted = Date.now();
    await rebuildRollups(client);
    return { events, insertMs, rollupMs: Date.now() - rollupStarted };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
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
