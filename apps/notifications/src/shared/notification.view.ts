import { z } from 'zod';
import {
  NOTIFICATION_STATUSES,
  type NotificationRecord,
  type NotificationRecordWithIsoTimes,
} from './notification.model';

/**
 * The JSON a client sees (dates as ISO strings; internal bookkeeping such as lastError stays
 * inside); the schema is the documented response (OpenAPI).
 */
export const notificationResponse = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    type: z.string(),
    channel: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()).nullable(),
    status: z.enum(NOTIFICATION_STATUSES),
    scheduledFor: z.iso.datetime().nullable(),
    sentAt: z.iso.datetime().nullable(),
    readAt: z.iso.datetime().nullable(),
    correlationId: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });

export type NotificationView = z.output<typeof notificationResponse>;

/** A Date formatted; a string is already ISO text (the repository's ISO columns). */
const iso = (value: Date | string | null): string | null =>
  value === null ? null : typeof value === 'string' ? value : value.toISOString();

export function toView(record: NotificationRecord | NotificationRecordWithIsoTimes): NotificationView {
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
