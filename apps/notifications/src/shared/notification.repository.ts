import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type PlainSql } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxJson } from '@perflab/messaging';
import { NOTIFICATION_EVENT } from '../notifications.di-tokens';
import { Prisma, type PrismaClient } from '../notifications.prisma';
import type { NotificationEvent } from './notification.events';
import { notificationMessages, outboxRowsJson } from './notification.messages';
import type {
  NewNotification,
  NotificationRecord,
  NotificationRecordWithIsoTimes,
  NotificationStatus,
} from './notification.model';

/** Every column, camel-cased, for raw statements that RETURN rows; `time` writes each timestamp column. */
const columnList = (time: (column: string) => string) => `id::text AS id, user_id::text AS "userId", type,
  channel::text AS channel, title, body, data, status::text AS status, ${time('scheduled_for')} AS "scheduledFor",
  ${time('sent_at')} AS "sentAt", ${time('read_at')} AS "readAt", correlation_id AS "correlationId", attempts,
  last_error AS "lastError", ${time('created_at')} AS "createdAt", ${time('updated_at')} AS "updatedAt"`;
const COLUMN_LIST = columnList((column) => column);
/**
 * The same with each time as Date#toISOString text (UTC, milliseconds: the columns hold milliseconds),
 * for the hot reads that answer JSON: the driver then parses no date and the view formats none.
 */
const ISO_COLUMN_LIST = columnList(
  (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
);
const COLUMNS = Prisma.raw(COLUMN_LIST);

/*
 * The hot statements' texts, built once: a text built per call cost its building and, as a
 * fresh string, a full hash to find its prepared statement's name (plain-sql nameOf, 0.6 % of
 * the notifications load profile's CPU). Parameters: see each caller.
 */
const INSERT_SQL = `
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
const FIND_BY_ID_SQL = `SELECT ${ISO_COLUMN_LIST} FROM notifications WHERE id = $1::uuid`;
/** $1 the id, $2 the owner (null for an ADMIN). */
const MARK_READ_SQL = `
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

/**
 * The list's text per WHERE clause (a handful: which filters are set), its `params` parameters
 * followed by LIMIT and OFFSET.
 */
const listTexts = new Map<string, string>();
function listText(where: string, params: number): string {
  let text = listTexts.get(where);
  if (text === undefined) {
    text = `SELECT ${ISO_COLUMN_LIST} FROM notifications ${where}
       ORDER BY created_at DESC, id DESC LIMIT $${params + 1} OFFSET $${params + 2}`;
    listTexts.set(where, text);
  }
  return text;
}

/**
 * Adds the rows of `changed` (id, user_id, status, read_at) that are now SENT and unread to their
 * users' unread_counts, in the caller's statement. Users in id order: two statements touching the
 * same users lock their counters in the same order and cannot deadlock.
 */
function countUnread(changed: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`INSERT INTO unread_counts (user_id, count)
        SELECT user_id, count(*)::int FROM ${changed} WHERE status = 'SENT' AND read_at IS NULL
        GROUP BY user_id ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET count = unread_counts.count + EXCLUDED.count`;
}

/** The list's WHERE clause; its parameters are appended to `values`. */
function listWhere(query: Omit<ListQuery, 'skip' | 'take'>, values: unknown[]): string {
  const param = (value: unknown) => `$${values.push(value)}`;
  const conditions = ['TRUE'];
  if (query.userId) conditions.push(`user_id = ${param(query.userId)}::uuid`);
  if (query.status) conditions.push(`status = ${param(query.status)}::"NotificationStatus"`);
  if (query.after) {
    // `created_at <= t` bounds the index scan; the row comparison breaks ties on id.
    const createdAt = param(query.after.createdAt.toISOString());
    conditions.push(`created_at <= ${createdAt}::timestamptz`);
    conditions.push(`(created_at, id) < (${createdAt}::timestamptz, ${param(query.after.id)}::uuid)`);
  }
  return `WHERE ${conditions.join(' AND ')}`;
}

export interface ListQuery {
  userId?: string;
  status?: NotificationStatus;
  /** Rows strictly after this one in the newest-first order (keyset pagination). */
  after?: { createdAt: Date; id: string };
  skip: number;
  take: number;
}

/**
 * All SQL of the service. Every state change and its notification_events row are one
 * statement (a CTE), so the history never disagrees with the row. Transitions are
 * conditional updates (`WHERE status = ...`): the condition is the idempotency gate.
 * Every statement that makes a row PENDING also writes its notification.requested message
 * to the outbox in the same transaction, so a PENDING row is always on its way to Kafka.
 */
@Injectable()
export class NotificationRepository {
  private readonly db: PrismaClient;
  /** The hottest reads (read, list, unread count) skip Prisma's per-query work: same pool, plain SQL. */
  private readonly sql: PlainSql;

  constructor(
    @Inject(DATABASE) database: Database<PrismaClient>,
    @Inject(NOTIFICATION_EVENT) private readonly event: NotificationEvent,
  ) {
    this.db = database.client;
    this.sql = database.sql;
  }

  /**
   * Inserts PENDING (or SCHEDULED when scheduledFor is in the future) rows with their first
   * event and, for each PENDING row actually inserted, its outbox message: one statement. In
   * the caller's transaction when given `tx` (an idempotency key), else as a named plain-SQL
   * statement (create is 30 % of the load test's requests).
   */
  insertMany(
    items: NewNotification[],
    now = new Date(),
    tx?: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>,
  ): Promise<NotificationRecord[]> {
    const rows = items.map((n) => ({
      id: n.id,
      user_id: n.userId,
      type: n.type,
      channel: n.channel,
      title: n.title,
      body: n.body,
      data: n.data ?? null,
      status: n.scheduledFor && n.scheduledFor > now ? 'SCHEDULED' : 'PENDING',
      scheduled_for: n.scheduledFor?.toISOString() ?? null,
      correlation_id: n.correlationId ?? null,
    }));
    const pending = items.filter((_, i) => rows[i].status === 'PENDING');
    // ref ties a message to its row, so an id that already existed (ON CONFLICT) sends nothing.
    const outbox = outboxRowsJson(
      notificationMessages(this.event, pending, now),
      pending.map((n) => n.id),
    );
    const values = [JSON.stringify(rows), outbox];
    return tx
      ? tx.$queryRawUnsafe<NotificationRecord[]>(INSERT_SQL, ...values)
      : this.sql<NotificationRecord>('notifications_insert', INSERT_SQL, values);
  }

  async findById(id: string): Promise<NotificationRecordWithIsoTimes | null> {
    const rows = await this.sql<NotificationRecordWithIsoTimes>('notification_by_id', FIND_BY_ID_SQL, [id]);
    return rows[0] ?? null;
  }

  /**
   * Newest first (created_at, then id, so pages never overlap or skip a row), served by
   * idx_notifications_user_created / idx_notifications_user_status_created. Reads take + 1 rows:
   * the extra one only says whether another page follows, so no count(*) rides along.
   */
  async list(query: ListQuery): Promise<{ data: NotificationRecordWithIsoTimes[]; hasMore: boolean }> {
    const values: unknown[] = [];
    const where = listWhere(query, values);
    const text = listText(where, values.length);
    values.push(query.take + 1, query.skip);
    const rows = await this.sql<NotificationRecordWithIsoTimes>('notifications_list', text, values);
    return { data: rows.slice(0, query.take), hasMore: rows.length > query.take };
  }

  /** Every row the list's filter matches (not only a page's): a client asks for it explicitly. */
  async countListed(query: Omit<ListQuery, 'after' | 'skip' | 'take'>): Promise<number> {
    const values: unknown[] = [];
    const rows = await this.sql<{ total: number }>(
      'notifications_count',
      `SELECT count(*)::int AS total FROM notifications ${listWhere(query, values)}`,
      values,
    );
    return rows[0]?.total ?? 0;
  }

  /**
   * Sets read_at once; later calls change nothing. One statement: the ownership check
   * (`ownerId`, or null for an ADMIN), the write and the row it returns. Null when the row does
   * not exist or belongs to someone else (the caller answers both alike). The row is locked
   * before read_at is tested, so of two racing calls exactly one reports `changed` and the other
   * returns the row as the first left it. Plain SQL, named: a hot write.
   */
  async markRead(id: string, ownerId: string | null): Promise<{ record: NotificationRecord; changed: boolean } | null> {
    const rows = await this.sql<NotificationRecord & { changed: boolean }>('notification_mark_read', MARK_READ_SQL, [
      id,
      ownerId,
    ]);
    const row = rows[0];
    if (!row) return null;
    const { changed, ...record } = row;
    return { record, changed };
  }

  /** Delivered and not yet read: what a user's badge shows. One row, kept by the statements below. */
  async unreadCount(userId: string): Promise<number> {
    const rows = await this.sql<{ count: number }>(
      'unread_count',
      'SELECT count FROM unread_counts WHERE user_id = $1::uuid',
      [userId],
    );
    return rows[0]?.count ?? 0;
  }

  /**
   * PENDING → PROCESSING, or a PROCESSING row whose lease ran out (its worker died) →
   * PROCESSING again. Null when someone else holds it or it is finished: skip the message.
   */
  async claim(id: string, leaseSeconds: number): Promise<NotificationRecord | null> {
    return (await this.claimMany([id], leaseSeconds))[0] ?? null;
  }

  /**
   * `claim` for many notifications in one statement; the ones not claimable are absent from
   * the result. The condition is the idempotency gate. Rows are locked in id order, so two
   * concurrent batches cannot deadlock.
   */
  claimMany(ids: string[], leaseSeconds: number): Promise<NotificationRecord[]> {
    return this.db.$queryRaw<NotificationRecord[]>`
      WITH current AS (
        SELECT id, status FROM notifications WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE
      ), claimed AS (
        UPDATE notifications n SET status = 'PROCESSING', attempts = n.attempts + 1, updated_at = now()
        FROM current
        WHERE n.id = current.id AND (current.status = 'PENDING'
          OR (current.status = 'PROCESSING' AND n.updated_at < now() - ${leaseSeconds} * interval '1 second'))
        RETURNING n.*, current.status AS previous
      ), events AS (
        INSERT INTO notification_events (notification_id, from_status, to_status, detail)
        SELECT id, previous, 'PROCESSING', CASE WHEN previous = 'PROCESSING' THEN 'lease expired' ELSE 'claimed' END FROM claimed
      )
      SELECT ${COLUMNS} FROM claimed`;
  }

  /** PROCESSING → SENT for each id still PROCESSING, in one statement; returns those it changed. */
  finishSentMany(ids: string[]): Promise<{ id: string; userId: string }[]> {
    return this.db.$queryRaw<{ id: string; userId: string }[]>`
      WITH finished AS (
        UPDATE notifications SET status = 'SENT', updated_at = now(), sent_at = now(), last_error = NULL
        WHERE id = ANY(${ids}::uuid[]) AND status = 'PROCESSING'
        RETURNING id, user_id, status, read_at
      ), events AS (
        INSERT INTO notification_events (notification_id, from_status, to_status, detail)
        SELECT id, 'PROCESSING', 'SENT', NULL FROM finished
      ), counted AS (
        ${countUnread(Prisma.sql`finished`)}
      )
      SELECT id::text AS id, user_id::text AS "userId" FROM finished`;
  }

  /** PROCESSING → SENT | FAILED. Null when the row was not PROCESSING (someone else finished it). */
  async finish(
    id: string,
    outcome: { status: 'SENT' } | { status: 'FAILED'; error: string },
  ): Promise<{ id: string; userId: string } | null> {
    const error = outcome.status === 'FAILED' ? outcome.error.slice(0, 1_000) : null;
    const rows = await this.db.$queryRaw<{ id: string; userId: string }[]>`
      WITH finished AS (
        UPDATE notifications SET status = ${outcome.status}::"NotificationStatus", updated_at = now(),
          sent_at = CASE WHEN ${outcome.status} = 'SENT' THEN now() ELSE sent_at END,
          last_error = ${error}
        WHERE id = ${id}::uuid AND status = 'PROCESSING'
        RETURNING id, user_id, status, read_at
      ), events AS (
        INSERT INTO notification_events (notification_id, from_status, to_status, detail)
        SELECT id, 'PROCESSING', ${outcome.status}::"NotificationStatus", ${error} FROM finished
      ), counted AS (
        ${countUnread(Prisma.sql`finished`)}
      )
      SELECT id::text AS id, user_id::text AS "userId" FROM finished`;
    return rows[0] ?? null;
  }

  /** Runs `work` in one transaction (e.g. an idempotency key and the rows it guards). */
  transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /**
   * PROCESSING → PENDING: delivery was deferred (our infrastructure failed, or the provider
   * failed transiently), so the next attempt can claim it at once instead of waiting out the lease.
   */
  async release(id: string, reason: string): Promise<void> {
    await this.db.$queryRaw`
      WITH released AS (
        UPDATE notifications SET status = 'PENDING', updated_at = now(), last_error = ${reason.slice(0, 1_000)}
        WHERE id = ${id}::uuid AND status = 'PROCESSING'
        RETURNING id
      )
      INSERT INTO notification_events (notification_id, from_status, to_status, detail)
      SELECT id, 'PROCESSING', 'PENDING', 'deferred' FROM released`;
  }

  /**
   * Due SCHEDULED rows → PENDING, oldest first, through the partial index
   * idx_notifications_scheduled, with their outbox messages in the same transaction.
   * SKIP LOCKED: concurrent schedulers take disjoint batches.
   */
  releaseDue(limit: number): Promise<NotificationRecord[]> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<NotificationRecord[]>`
        WITH due AS (
          SELECT id FROM notifications WHERE status = 'SCHEDULED' AND scheduled_for <= now()
          ORDER BY scheduled_for LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), released AS (
          UPDATE notifications n SET status = 'PENDING', updated_at = now() FROM due WHERE n.id = due.id RETURNING n.*
        ), events AS (
          INSERT INTO notification_events (notification_id, from_status, to_status, detail)
          SELECT id, 'SCHEDULED', 'PENDING', 'due' FROM released
        )
        SELECT ${COLUMNS} FROM released ORDER BY scheduled_for`;
      await this.enqueue(tx, rows);
      return rows;
    });
  }

  /**
   * PROCESSING rows whose worker died (past the lease) go back to PENDING and are queued
   * again; so are PENDING rows untouched for pendingAfter while the outbox holds nothing that
   * old (their message was dead-lettered, e.g. during an outage; a backed-up outbox means
   * they are merely waiting for Kafka). Touching updated_at hands them to this sweeper alone.
   */
  claimStale(pendingAfterSeconds: number, leaseSeconds: number, limit: number): Promise<NotificationRecord[]> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<NotificationRecord[]>`
        WITH stale AS (
          SELECT id, status FROM notifications
          WHERE (status = 'PENDING' AND updated_at < now() - ${pendingAfterSeconds} * interval '1 second'
                 AND NOT EXISTS (SELECT 1 FROM outbox_events
                                 WHERE created_at < now() - ${pendingAfterSeconds} * interval '1 second'))
             OR (status = 'PROCESSING' AND updated_at < now() - ${leaseSeconds} * interval '1 second')
          ORDER BY updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), touched AS (
          UPDATE notifications n SET status = 'PENDING', updated_at = now() FROM stale WHERE n.id = stale.id
          RETURNING n.*, stale.status AS previous
        ), events AS (
          INSERT INTO notification_events (notification_id, from_status, to_status, detail)
          SELECT id, previous, 'PENDING', 'lease expired' FROM touched WHERE previous = 'PROCESSING'
        )
        SELECT ${COLUMNS}, previous::text AS previous FROM touched ORDER BY created_at`;
      await this.enqueue(tx, rows);
      return rows;
    });
  }

  /** Writes the rows' notification.requested messages to the outbox (inside the caller's transaction). */
  private async enqueue(tx: Prisma.TransactionClient, rows: NotificationRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.$executeRawUnsafe(OUTBOX_INSERT_SQL, outboxJson(notificationMessages(this.event, rows)));
  }

  /** The users with the most notifications lately: whose unread counts are worth warming. */
  topRecentUsers(limit: number, sinceHours = 24): Promise<string[]> {
    return this.db.$queryRaw<{ userId: string }[]>`
        SELECT user_id::text AS "userId" FROM notifications
        WHERE created_at > now() - ${sinceHours} * interval '1 hour'
        GROUP BY user_id ORDER BY count(*) DESC LIMIT ${limit}`.then((rows) => rows.map((r) => r.userId));
  }
}
