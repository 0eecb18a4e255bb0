import { Inject, Injectable, Logger } from '@nestjs/common';
import { outboxEntries } from '@perflab/messaging';
import { ApiError, ZodValidationPipe } from '@perflab/runtime';
import { randomUUID } from 'node:crypto';
import { CHAT_CONFIG, CHAT_MESSAGE_EVENT } from '../chat.di-tokens';
import type { ChatConfig } from '../chat.config';
import type { ChatMessageEvent } from '../shared/chat.events';
import { MessageRepository } from '../shared/message.repository';
import type { MessageView } from '../shared/message.view';
import { Presence } from '../shared/presence';
import { sendMessageRequest } from './send-message.request';

const REFUSALS = {
  NOT_A_MEMBER: [403, 'Only members of this chat may write to it', 'chatId'],
  CHAT_FULL: [409, 'This chat has reached its member limit', 'recipientId'],
  MESSAGE_ID_TAKEN: [409, 'This messageId belongs to another message', 'messageId'],
} as const;

export interface SentMessage {
  view: MessageView;
  /** Every member, the sender included: whose sockets get new_message. */
  members: string[];
  /** A retried send of a stored message: acknowledged again, not delivered again. */
  replay: boolean;
}

/** send_message: validate, store the message and its event in one transaction, then answer. */
@Injectable()
export class SendMessageService {
  private readonly logger = new Logger('SendMessage');
  private readonly request: ZodValidationPipe<ReturnType<typeof sendMessageRequest>>;

  constructor(
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(Presence) private readonly presence: Presence,
    @Inject(CHAT_MESSAGE_EVENT) private readonly event: ChatMessageEvent,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {
    this.request = new ZodValidationPipe(sendMessageRequest(config.MESSAGE_MAX_LENGTH), 'body');
  }

  /** Throws ValidationFailedError / ApiError for the sender's ack; resolves once the message is durable. */
  async send(senderId: string, payload: unknown): Promise<SentMessage> {
    const input = this.request.transform(payload);
    const messageId = input.messageId ?? randomUUID();
    const sentAt = new Date();
    const result = await this.messages.store(
      { messageId, chatId: input.chatId, senderId, recipientId: input.recipientId, body: input.message, sentAt },
      this.config.CHAT_MAX_MEMBERS,
      async (members) => {
        const recipientIds = members.filter((m) => m !== senderId);
        return outboxEntries(this.event, [
          {
            key: input.chatId,
            value: {
              messageId,
              chatId: input.chatId,
              senderId,
              recipientIds,
              offlineRecipientIds: await this.offline(recipientIds),
              preview: input.message.slice(0, 200),
              sentAt: sentAt.toISOString(),
            },
          },
        ]);
      },
    );
    if (!result.stored) {
      const [status, message, field] = REFUSALS[result.code];
      throw new ApiError(status, result.code, message, { field });
    }
    return {
      view: {
        messageId,
        chatId: input.chatId,
        senderId,
        message: input.message,
        sentAt: result.sentAt.toISOString(),
      },
      members: result.members,
      replay: result.replay,
    };
  }

  /**
   * Presence is a hint for notifications, not part of the message: when Redis cannot say,
   * every recipient counts as offline (a notification too many beats a message missed).
   */
  private async offline(recipientIds: string[]): Promise<string[]> {
    try {
      return await this.presence.offlineAmong(recipientIds);
    } catch (error) {
      this.logger.warn(`presence unknown (${(error as Error).message}); treating recipients as offline`);
      return recipientIds;
    }
  }
}
