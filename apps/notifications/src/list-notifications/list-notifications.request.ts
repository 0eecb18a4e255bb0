import { uuidField } from '@perflab/runtime';
import { z } from 'zod';
import { NOTIFICATION_STATUSES } from '../shared/notification.model';

/** `?userId=&status=&skip=&take=`; take defaults to the configured page size and is bounded. */
export function listNotificationsQuery(defaultTake: number, maxTake: number) {
  return z.strictObject({
    userId: uuidField().optional(),
    status: z.enum(NOTIFICATION_STATUSES).optional(),
    skip: z.coerce.number().int().min(0).max(100_000).default(0),
    take: z.coerce.number().int().min(1).max(maxTake).default(Math.min(defaultTake, maxTake)),
  });
}

export type ListNotificationsQuery = z.output<ReturnType<typeof listNotificationsQuery>>;
