import { CHAT_ID } from '@perflab/contracts';
import { uuidField } from '@perflab/runtime';
import { z } from 'zod';

/**
 * The document's payload `{recipientId, message, chatId}`, plus an optional client-chosen
 * `messageId` (a UUID): a send retried after a lost ack with the same id is stored once and
 * acknowledged with the original `{messageId, sentAt}`.
 */
export function sendMessageRequest(maxLength: number) {
  return z.strictObject({
    recipientId: uuidField(),
    message: z.string().min(1).max(maxLength),
    chatId: CHAT_ID,
    messageId: uuidField().optional(),
  });
}

export type SendMessageRequest = z.output<ReturnType<typeof sendMessageRequest>>;
