// The notifications service's hot statements, free of imports so the bare baseline
// (load-tests/baselines/notifications.ts and notifications-delivery.ts) runs the very same text.
// The baseline runs: NOTIFICATIONS_INSERT_SQL, NOTIFICATION_BY_ID_SQL, USER_PAGE_SQL,
// UNREAD_COUNT_SQL, MARK_READ_SQL, CLAIM_SQL and FINISH_SENT_SQL.
//
// The plain-SQL texts are built once, at module load: a text built per call cost its building
// and, as a fresh string, a full hash to find its prepared statement's name (plain-sql nameOf,
// 0.6 % of the notifications load profile's CPU). That name is the text's hash, so an edit here
// renames the statement.

/** Every column, camel-cased, for raw statements that RETURN rows; `time` writes each timestamp column. */
const columnList = (time: (column: string) => string) => `id::text AS id, user_id::text AS "userId", type,
  channel::text AS channel, title, body, data, status::text AS status, ${time('scheduled_for')} AS "scheduledFor",
  ${time('sent_at')} AS "sentAt", ${time('read_at')} AS "readAt", correlation_id AS "correlationId", attempts,
  last_error AS "lastError", ${time('created_at')} AS "createdAt", ${time('updated_at')} AS "updatedAt"`;
export const COLUMN_LIST = columnList((column) => column);
/**
 * The same with each time as Date#toISOString text (UTC, milliseconds: the columns hold milliseconds),
 * for the hot reads that answer JSON: the driver then parses no date and the view formats none.
 */
const ISO_COLUMN_LIST = columnList(
  (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
);

/**
 * Create (one or a batch): the rows, their "accepted" events and, for each PENDING row actually
 * inserted, its outbox message, in one statement. $1 a JSON array of rows (snake-case columns),
 * $2 a JSON array of outbox rows, each with `ref` (its row's id) and `ord` (its order).
 */
export const NOTIFICATIONS_INSERT_SQL = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      id uuid, user_id uuid, type text, channel "NotificationChannel", title text, body text, data jsonb,
      status "NotificationStatus", scheduled_for timestamptz, correlation_id text)
  ), inserted AS (
    INSERT INTO notifications (id, user_id, type, channel, title, body, data, status, scheduled_for, correlation_id, updated_at)
    SELECT id, user_id, type, channel, title, body, data, status, scheduled_for, correlation_id, now() FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING *
  ), events AS (
    INSERT INTO notification_events (notification_id, from_status, to_status, detail)
    SELECT id, NULL, status, 'accepted' FROM inserted
  ), outboxed AS (
    INSERT INTO outbox_events (topic, key, payload, headers)
    SELECT o.topic, o.key, o.payload, o.headers
    FROM jsonb_to_recordset($2::jsonb) AS o(ref uuid, ord int, topic text, key text, payload jsonb, headers jsonb)
    JOIN inserted ON inserted.id = o.ref AND inserted.status = 'PENDING'
    ORDER BY o.ord
  )
  SELECT ${COLUMN_LIST} FROM inserted`;

/** $1 the id; times as ISO text. */
export const NOTIFICATION_BY_ID_SQL = `SELECT ${ISO_COLUMN_LIST} FROM notifications WHERE id = $1::uuid`;

/**
 * Mark read: the ownership check, the lock, the conditional write, the unread counter and the row,
 * one statement. $1 the id, $2 the owner (null for an ADMIN).
 */
export const MARK_READ_SQL = `
  WITH target AS (
    SELECT * FROM notifications
    WHERE id = $1::uuid AND ($2::uuid IS NULL OR user_id = $2::uuid)
    FOR NO KEY UPDATE
  ), updated AS (
    UPDATE notifications n SET read_at = now(), updated_at = now()
    FROM target WHERE n.id = target.id AND target.read_at IS NULL
    RETURNING n.*
  ), uncounted AS (
    UPDATE unread_counts c SET count = c.count - 1
    FROM updated WHERE c.user_id = updated.user_id AND updated.status = 'SENT'
  )
  SELECT ${COLUMN_LIST}, true AS changed FROM updated
  UNION ALL
  SELECT ${COLUMN_LIST}, false AS changed FROM target WHERE NOT EXISTS (SELECT 1 FROM updated)`;

/** $1 the user: delivered and not yet read, one row kept by the delivery and mark-read statements. */
export const UNREAD_COUNT_SQL = 'SELECT count FROM unread_counts WHERE user_id = $1::uuid';

/** The list's filter; `after`: rows strictly after this one in the newest-first order (keyset pagination). */
export interface ListFilter {
  userId?: string;
  status?: string;
  after?: { createdAt: Date; id: string };
}

/** The list's WHERE clause; its parameters are appended to `values`. */
export function listWhere(filter: ListFilter, values: unknown[]): string {
  const param = (value: unknown) => `$${values.push(value)}`;
  const conditions = ['TRUE'];
  if (filter.userId) conditions.push(`user_id = ${param(filter.userId)}::uuid`);
  if (filter.status) conditions.push(`status = ${param(filter.status)}::"NotificationStatus"`);
  if (filter.after) {
    // `created_at <= t` bounds the index scan; the row comparison breaks ties on id.
    const createdAt = param(filter.after.createdAt.toISOString());
    conditions.push(`created_at <= ${createdAt}::timestamptz`);
    conditions.push(`(created_at, id) < (${createdAt}::timestamptz, ${param(filter.after.id)}::uuid)`);
  }
  return `WHERE ${conditions.join(' AND ')}`;
}

/**
 * The list's text per WHERE clause (a handful: which filters are set), its `params` parameters
 * followed by LIMIT and OFFSET; built once per clause. Newest first (created_at, then id).
 */
const listTexts = new Map<string, string>();
export function listPageSql(where: string, params: number): string {
  let text = listTexts.get(where);
  if (text === undefined) {
    text = `SELECT ${ISO_COLUMN_LIST} FROM notifications ${where}
       ORDER BY created_at DESC, id DESC LIMIT $${params + 1} OFFSET $${params + 2}`;
    listTexts.set(where, text);
  }
  return text;
}

/** The list the load test's mix asks for (one user's page, no status, no cursor): $1 the user, $2 LIMIT, $3 OFFSET. */
export const USER_PAGE_SQL = listPageSql(listWhere({ userId: 'the user' }, []), 1);

/** Every row a WHERE clause from listWhere matches. */
export const listCountSql = (where: string) => `SELECT count(*)::int AS total FROM notifications ${where}`;

/**
 * The delivery worker's claim, for many notifications at once: PENDING → PROCESSING, or a
 * PROCESSING row whose lease ran out → PROCESSING again, each with its event. $1 the ids (uuid[]),
 * $2 the lease in seconds. Rows are locked in id order, so two concurrent batches cannot deadlock.
 */
export const CLAIM_SQL = `
  WITH current AS (
    SELECT id, status FROM notifications WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
  ), claimed AS (
    UPDATE notifications n SET status = 'PROCESSING', attempts = n.attempts + 1, updated_at = now()
    FROM current
    WHERE n.id = current.id AND (current.status = 'PENDING'
      OR (current.status = 'PROCESSING' AND n.updated_at < now() - $2 * interval '1 second'))
    RETURNING n.*, current.status AS previous
  ), events AS (
    INSERT INTO notification_events (notification_id, from_status, to_status, detail)
    SELECT id, previous, 'PROCESSING', CASE WHEN previous = 'PROCESSING' THEN 'lease expired' ELSE 'claimed' END FROM claimed
  )
  SELECT ${COLUMN_LIST} FROM claimed`;

/**
 * Adds the rows of the CTE `finished` (id, user_id, status, read_at) that are now SENT and unread
 * to their users' unread_counts. Users in id order: two statements touching the same users lock
 * their counters in the same order and cannot deadlock.
 */
export const COUNT_FINISHED_UNREAD_SQL = `INSERT INTO unread_counts (user_id, count)
    SELECT user_id, count(*)::int FROM finished WHERE status = 'SENT' AND read_at IS NULL
    GROUP BY user_id ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET count = unread_counts.count + EXCLUDED.count`;

/** PROCESSING → SENT for each id still PROCESSING ($1, uuid[]), with events and unread counts; returns those it changed. */
export const FINISH_SENT_SQL = `
  WITH finished AS (
    UPDATE notifications SET status = 'SENT', updated_at = now(), sent_at = now(), last_error = NULL
    WHERE id = ANY($1::uuid[]) AND status = 'PROCESSING'
    RETURNING id, user_id, status, read_at
  ), events AS (
    INSERT INTO notification_events (notification_id, from_status, to_status, detail)
    SELECT id, 'PROCESSING', 'SENT', NULL FROM finished
  ), counted AS (
    ${COUNT_FINISHED_UNREAD_SQL}
  )
  SELECT id::text AS id, user_id::text AS "userId" FROM finished`;
