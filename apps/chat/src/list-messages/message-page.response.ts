import { z } from 'zod';

/** GET /chats/:chatId/messages: one page of a chat's history, newest first (MessageView, as zod). */
export const messagePageResponse = z
  .object({
    items: z.array(
      z.object({
        messageId: z.uuid(),
        chatId: z.string(),
        senderId: z.uuid(),
        message: z.string(),
        sentAt: z.iso.datetime(),
      }),
    ),
    /** Pass as `before` for the next (older) page; null on the last one. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'MessagePage' });

export type MessagePage = z.output<typeof messagePageResponse>;
