import { shopId } from '@perflab/contracts';
import { z } from 'zod';

export const recommendationsParams = z.strictObject({ userId: shopId });

/** `?limit=`: how many items, bounded by LIMIT_MAX. */
export function recommendationsQuery(defaultLimit: number, maxLimit: number) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(maxLimit).default(Math.min(defaultLimit, maxLimit)),
  });
}

export type RecommendationsParams = z.output<typeof recommendationsParams>;
export type RecommendationsQuery = z.output<ReturnType<typeof recommendationsQuery>>;
