import { z } from 'zod';

/** What login and refresh answer (OAuth 2.0 token response field names, as 002 reads them). */
export const tokenPairResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ description: 'Access token lifetime in seconds' }),
  })
  .meta({ id: 'TokenPair' });

export type TokenPair = z.output<typeof tokenPairResponse>;
