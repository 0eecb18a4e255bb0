import { NOTIFICATION_CHANNELS } from '@perflab/contracts';
import { z } from 'zod';

/** The fields of one notification request, bounded as the notification.requested contract is. */
export const notificationFields = {
  userId: z.uuid(),
  type: z.string().trim().min(1).max(64),
  channel: z.enum(NOTIFICATION_CHANNELS),
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(10_000),
  data: z.record(z.string(), z.unknown()).optional(),
  /** ISO 8601 with an offset; in the past or now = send at once. */
  scheduledFor: z.iso.datetime({ offset: true }).optional(),
  correlationId: z.string().trim().min(1).max(128).optional(),
};

export const notificationRequest = z.strictObject(notificationFields);
export type NotificationRequest = z.output<typeof notificationRequest>;
