import { CHAT_ID } from '@perflab/contracts';
import { z } from 'zod';

export const listMessagesParams = z.strictObject({ chatId: CHAT_ID });

/** `?before=<cursor>&limit=`: newest first; `before` is the nextCursor of the previous page. */
export function listMessagesQuery(defaultLimit: number, maxLimit: number) {
  return z.strictObject({
    before: z
      .string()
      .regex(/^[1-9][0-9]{0,18}$/, 'must be a cursor from a previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(Math.min(defaultLimit, maxLimit)),
  });
}
