import { uuidField } from '@perflab/runtime';
import { z } from 'zod';
import { NOTIFICATION_STATUSES } from '../shared/notification.model';
import { decodeCursor } from './list-cursor';

/**
 * `?userId=&status=&take=&cursor=` (or `skip=` instead of `cursor=`, the offset form; its cost
 * grows with the offset) and `total=true` for an exact count beside the page, which costs a
 * count of every matching row: off unless asked for.
 */
export function listNotificationsQuery(defaultTake: number, maxTake: number) {
  return z
    .strictObject({
      userId: uuidField().optional(),
      status: z.enum(NOTIFICATION_STATUSES).optional(),
      cursor: z
        .string()
        .max(200)
        .transform((text, ctx) => {
          const cursor = decodeCursor(text);
          if (!cursor) {
            ctx.addIssue({ code: 'custom', message: 'must be a nextCursor from a previous page' });
            return z.NEVER;
          }
          return cursor;
        })
        .optional(),
      skip: z.coerce.number().int().min(0).max(100_000).optional(),
      take: z.coerce.number().int().min(1).max(maxTake).default(Math.min(defaultTake, maxTake)),
      total: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
    })
    .refine((q) => q.cursor === undefined || q.skip === undefined, {
      message: 'give cursor or skip, not both',
      path: ['cursor'],
    });
}

export type ListNotificationsQuery = z.output<ReturnType<typeof listNotificationsQuery>>;
