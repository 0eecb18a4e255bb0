import { z } from 'zod';
import { defineEvent, type EventValue } from '../define-event';

/** What a shopper did with a product (000): the weight each action carries is the consumer's choice. */
export const USER_BEHAVIOR_ACTIONS = ['view', 'add_to_cart', 'purchase'] as const;
export type UserBehaviorAction = (typeof USER_BEHAVIOR_ACTIONS)[number];

/** User and product ids as the shop gives them: opaque, URL-safe, short. */
export const shopId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/**
 * Published by recommendations once a behaviour is accepted (its 202); keyed by user, so one
 * user's behaviours stay in order for the consumer that builds their recent items.
 */
export const userBehavior = defineEvent({
  topic: 'user.behavior.v1',
  partitions: 12,
  key: shopId,
  value: z.object({
    /** Assigned at acceptance: the idempotency key of every effect the consumer applies. */
    eventId: z.uuid(),
    userId: shopId,
    productId: shopId,
    action: z.enum(USER_BEHAVIOR_ACTIONS),
    /** When it happened (the caller's `at`, else the acceptance time). */
    at: z.iso.datetime({ offset: true }),
  }),
});

export type UserBehavior = EventValue<typeof userBehavior>;
