import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type PlainSql } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxJson } from '@perflab/messaging';
import { NOTIFICATION_EVENT } from '../notifications.di-tokens';
import { Prisma, type PrismaClient } from '../notifications.prisma';
import type { NotificationEvent } from './notification.events';
import { notificationMessages, outboxRowsJson } from './notification.messages';
import {
  CLAIM_SQL,
  COLUMN_LIST,
  COUNT_FINISHED_UNREAD_SQL,
  FINISH_SENT_SQL,
  MARK_READ_SQL,
  NOTIFICATION_BY_ID_SQL,
  NOTIFICATIONS_INSERT_SQL,
  UNREAD_COUNT_SQL,
  listCountSql,
  listPageSql,
  listWhere,
} from './notification.sql';
import type {
  NewNotification,
  NotificationRecord,
  NotificationRecordWithIsoTimes,
  NotificationStatus,
} from './notification.model';

const COLUMNS = Prisma.raw(COLUMN_LIST);

export interface ListQuery {
  userId?: string;
  status?: NotificationStatus;
  /** Rows strictly after this one in the newest-first order (keyset pagination). */
  after?: { createdAt: Date; id: string };
  skip: number;
  take: number;
}

/**
 * All SQL of the service (the hot statements' texts live in notification.sql, which the bare
 * baseline runs too). Every state change and its notification_events row are one statement (a CTE), so the history never disagrees with the row. Transitions are
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
      ? tx.$queryRawUnsafe<NotificationRecord[]>(NOTIFICATIONS_INSERT_SQL, ...values)
      : this.sql<NotificationRecord>('notifications_insert', NOTIFICATIONS_INSERT_SQL, values);
  }

  async findById(id: string): Promise<NotificationRecordWithIsoTimes | null> {
    const rows = await this.sql<NotificationRecordWithIsoTimes>('notification_by_id', NOTIFICATION_BY_ID_SQL, [id]);
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
    const text = listPageSql(where, values.length);
    values.push(query.take + 1, query.skip);
    const rows = await this.sql<NotificationRecordWithIsoTimes>('notifications_list', text, values);
    return { data: rows.slice(0, query.take), hasMore: rows.length > query.take };
  }

  /** Every row the list's filter matches (not only a page's): a client asks for it explicitly. */
  async countListed(query: Omit<ListQuery, 'after' | 'skip' | 'take'>): Promise<number> {
    const values: unknown[] = [];
    const rows = await this.sql<{ total: number }>(
      'notifications_count',
      listCountSql(listWhere(query, values)),
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
    const rows = await this.sql<{ count: number }>('unread_count', UNREAD_COUNT_SQL, [userId]);
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
   * concurrent batches cannot deadlock. Plain SQL, named: every delivery runs it (Prisma's
   * per-query work was 11 % of the worker's CPU in the load profile).
   */
  claimMany(ids: string[], leaseSeconds: number): Promise<NotificationRecord[]> {
    return this.sql<NotificationRecord>('notifications_claim', CLAIM_SQL, [ids, leaseSeconds]);
  }

  /** PROCESSING → SENT for each id still PROCESSING, in one statement; returns those it changed. Plain SQL, named. */
  finishSentMany(ids: string[]): Promise<{ id: string; userId: string }[]> {
    return this.sql<{ id: string; userId: string }>('notifications_finish_sent', FINISH_SENT_SQL, [ids]);
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
        ${Prisma.raw(COUNT_FINISHED_UNREAD_SQL)}
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
