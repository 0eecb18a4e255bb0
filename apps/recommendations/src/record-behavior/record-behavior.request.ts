import { shopId, USER_BEHAVIOR_ACTIONS } from '@perflab/contracts';
import { z } from 'zod';

/** `{userId, productId, action, at?}`: ids as the user.behavior.v1 contract takes them; `at` an ISO instant. */
export const recordBehaviorRequest = z.strictObject({
  userId: shopId,
  productId: shopId,
  action: z.enum(USER_BEHAVIOR_ACTIONS),
  at: z.iso.datetime({ offset: true }).optional(),
});

export type RecordBehaviorRequest = z.output<typeof recordBehaviorRequest>;
