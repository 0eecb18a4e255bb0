import { Prisma, type PrismaClient } from '../notifications.prisma';
import type { NotificationRecord } from '../shared/notification.model';

/** The columns NotificationRepository returns, camel-cased (kept in step with it). */
const COLUMNS =
  Prisma.raw(`n.id::text AS id, n.user_id::text AS "userId", n.type, n.channel::text AS channel, n.title, n.body, n.data,
  n.status::text AS status, n.scheduled_for AS "scheduledFor", n.sent_at AS "sentAt", n.read_at AS "readAt",
  n.correlation_id AS "correlationId", n.attempts, n.last_error AS "lastError", n.created_at AS "createdAt", n.updated_at AS "updatedAt"`);

/**
 * The delivery worker's two hot statements, for many notifications at once: the same
 * conditional transitions as NotificationRepository.claim/finish (the condition is the
 * idempotency gate), with their notification_events rows, in one statement each.
 */
export class DeliveryStatements {
  constructor(private readonly db: PrismaClient) {}

  /**
   * PENDING → PROCESSING (or PROCESSING past its lease → PROCESSING) for each id that is
   * claimable; the rest are absent from the result. Rows are locked in id order, so two
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
      SELECT ${COLUMNS} FROM claimed n`;
  }

  /** PROCESSING → SENT for each id still PROCESSING; returns those it changed. */
  finishSentMany(ids: string[]): Promise<{ id: string; userId: string }[]> {
    return this.db.$queryRaw<{ id: string; userId: string }[]>`
      WITH finished AS (
        UPDATE notifications SET status = 'SENT', updated_at = now(), sent_at = now(), last_error = NULL
        WHERE id = ANY(${ids}::uuid[]) AND status = 'PROCESSING'
        RETURNING id, user_id
      ), events AS (
        INSERT INTO notification_events (notification_id, from_status, to_status, detail)
        SELECT id, 'PROCESSING', 'SENT', NULL FROM finished
      )
      SELECT id::text AS id, user_id::text AS "userId" FROM finished`;
  }
}
