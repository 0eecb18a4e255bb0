import type { NotificationChannel } from '@perflab/contracts';

export const NOTIFICATION_STATUSES = ['PENDING', 'SCHEDULED', 'PROCESSING', 'SENT', 'FAILED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One row of notifications.notifications, as every read returns it. */
export interface NotificationRecord {
  id: string;
  userId: string;
  type: string;
  channel: NotificationChannel;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  status: NotificationStatus;
  scheduledFor: Date | null;
  sentAt: Date | null;
  readAt: Date | null;
  correlationId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Times = 'scheduledFor' | 'sentAt' | 'readAt' | 'createdAt' | 'updatedAt';

/**
 * A row whose times Postgres wrote as ISO-8601 text, exactly as Date#toISOString would: for the
 * reads that only answer them as JSON, so no Date is parsed and formatted back per field.
 */
export type NotificationRecordWithIsoTimes = Omit<NotificationRecord, Times> & {
  [K in Times]: null extends NotificationRecord[K] ? string | null : string;
};

/** What a caller asks for; the id is chosen before the insert so the 202 can name it. */
export interface NewNotification {
  id: string;
  userId: string;
  type: string;
  channel: NotificationChannel;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  scheduledFor?: Date;
  correlationId?: string;
}

/** Notifications whose state can still change: cached briefly so a reader never sees a stale status for long. */
export function isSettled(record: Pick<NotificationRecord, 'status' | 'readAt'>): boolean {
  return (record.status === 'SENT' && record.readAt !== null) || record.status === 'FAILED';
}
