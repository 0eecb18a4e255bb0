import { outboxEntries, type OutboxEntry } from '@perflab/messaging';
import type { NotificationEvent } from './notification.events';
import type { NotificationRecord } from './notification.model';

type Publishable = Pick<NotificationRecord, 'id' | 'userId' | 'type' | 'channel' | 'title' | 'body'> & {
  data?: Record<string, unknown> | null;
  correlationId?: string | null;
};

/**
 * The notification.requested messages for PENDING rows, as outbox entries: keyed by user so
 * one user's notifications stay in order, validated against the contract here (write time).
 */
export function notificationMessages(event: NotificationEvent, rows: Publishable[], now = new Date()): OutboxEntry[] {
  const requestedAt = now.toISOString();
  return outboxEntries(
    event,
    rows.map((row) => ({
      key: row.userId,
      value: {
        notificationId: row.id,
        userId: row.userId,
        type: row.type,
        channel: row.channel,
        title: row.title,
        body: row.body,
        ...(row.data ? { data: row.data } : {}),
        ...(row.correlationId ? { correlationId: row.correlationId } : {}),
        requestedAt,
      },
      headers: row.correlationId ? { 'x-correlation-id': row.correlationId } : undefined,
    })),
  );
}

/**
 * The insert's outbox rows as one JSON array text: each entry with `ref` (its notification's id)
 * and `ord` (its order), its payload, already JSON text once encoded and validated, spliced in
 * as is rather than parsed and encoded a second time (create is the load test's hottest write).
 */
export function outboxRowsJson(entries: OutboxEntry[], refs: string[]): string {
  const rows = entries.map(
    (entry, i) =>
      `{"ref":${JSON.stringify(refs[i])},"ord":${i},"topic":${JSON.stringify(entry.topic)},` +
      `"key":${JSON.stringify(entry.key)},"headers":${JSON.stringify(entry.headers)},"payload":${entry.payload}}`,
  );
  return `[${rows.join(',')}]`;
}
