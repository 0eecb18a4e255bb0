import type { NotificationRecord } from './notification.model';

/** The JSON a client sees (dates as ISO strings; internal bookkeeping such as lastError stays inside). */
export interface NotificationView {
  id: string;
  userId: string;
  type: string;
  channel: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  status: string;
  scheduledFor: string | null;
  sentAt: string | null;
  readAt: string | null;
  correlationId: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function toView(record: NotificationRecord): NotificationView {
  return {
    id: record.id,
    userId: record.userId,
    type: record.type,
    channel: record.channel,
    title: record.title,
    body: record.body,
    data: record.data,
    status: record.status,
    scheduledFor: iso(record.scheduledFor),
    sentAt: iso(record.sentAt),
    readAt: iso(record.readAt),
    correlationId: record.correlationId,
    attempts: record.attempts,
    createdAt: iso(record.createdAt) as string,
    updatedAt: iso(record.updatedAt) as string,
  };
}
