import { z } from 'zod';
import { defineEvent, type EventValue } from '../define-event';

/** Chat ids are chosen by clients (the 001 document's 'chat_123'). */
export const CHAT_ID = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_:.-]+$/, "letters, digits, '_', ':', '.', '-' only");

/**
 * A chat message was stored (published by chat through its outbox); keyed by chat so one
 * chat's messages stay in order. `offlineRecipientIds` are the members who had no connected
 * socket when it was accepted: notifications tells them (a notification of type chat).
 */
export const chatMessageSent = defineEvent({
  topic: 'chat.message.sent.v1',
  partitions: 10,
  key: CHAT_ID,
  value: z.object({
    messageId: z.uuid(),
    chatId: CHAT_ID,
    senderId: z.string().min(1).max(64),
    recipientIds: z.array(z.string().min(1).max(64)).max(10_000),
    offlineRecipientIds: z.array(z.string().min(1).max(64)).max(10_000),
    /** The first characters of the message, for a notification's preview. */
    preview: z.string().max(200),
    sentAt: z.iso.datetime({ offset: true }),
  }),
});

export type ChatMessageSent = EventValue<typeof chatMessageSent>;
