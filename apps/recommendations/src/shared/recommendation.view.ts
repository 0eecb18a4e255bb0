import { z } from 'zod';

/** The answers' shapes, for the OpenAPI document (what the handlers return, as zod). */
export const behaviorAcceptedResponse = z.object({ eventId: z.uuid() });

export const recommendationsResponse = z.object({
  userId: z.string(),
  source: z.enum(['personal', 'mixed', 'popular', 'fallback']),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      priceCents: z.number().int(),
      score: z.number(),
      reason: z.enum(['co', 'popular']),
    }),
  ),
});
