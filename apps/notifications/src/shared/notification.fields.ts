import { uuidField } from '@perflab/runtime';
import { NOTIFICATION_CHANNELS } from '@perflab/contracts';
import { z } from 'zod';

function inStorableYears(iso: string): boolean {
  const year = new Date(iso).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** The fields of one notification request, bounded as the notification.requested contract is. */
export const notificationFields = {
  userId: uuidField(),
  type: z.string().trim().min(1).max(64),
  channel: z.enum(NOTIFICATION_CHANNELS),
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(10_000),
  data: z.record(z.string(), z.unknown()).optional(),
  /** ISO 8601 with an offset; in the past or now = send at once. */
  scheduledFor: z.iso
    .datetime({ offset: true })
    // Year 0000 (or one an offset pushes there) is valid ISO but not a date Postgres stores (22008).
    .refine(inStorableYears, 'must be between years 0001 and 9999 (UTC)')
    .optional(),
  correlationId: z.string().trim().min(1).max(128).optional(),
};

export const notificationRequest = z.strictObject(notificationFields);
export type NotificationRequest = z.output<typeof notificationRequest>;
