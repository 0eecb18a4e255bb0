import { z } from 'zod';
import { notificationRequest } from '../shared/notification.fields';

/** `{ notifications: [...] }`, 1..max items, each a full notification request. */
export function createNotificationBatchRequest(max: number) {
  return z.strictObject({ notifications: z.array(notificationRequest).min(1).max(max) });
}

export type CreateNotificationBatchRequest = z.output<ReturnType<typeof createNotificationBatchRequest>>;
