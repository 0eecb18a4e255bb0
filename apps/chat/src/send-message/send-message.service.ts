import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { MicroBatcher } from '@perflab/async';
import { outboxEntries } from '@perflab/messaging';
import { ApiError, ZodValidationPipe } from '@perflab/runtime';
import { randomUUID } from 'node:crypto';
import { CHAT_CONFIG, CHAT_MESSAGE_EVENT } from '../chat.di-tokens';
import { sendBatchSize } from '../chat.metrics';
import type { ChatConfig } from '../chat.config';
import type { ChatMessageEvent } from '../shared/chat.events';
import { MessageRepository, type NewMessage, type StoreResult } from '../shared/message.repository';
import type { MessageView } from '../shared/message.view';
import { Presence } from '../shared/presence';
import { MessagesNotStoredError } from './messages-not-stored.error';
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

/**
 * send_message: validate, then store with the other sends of the moment (group commit: the
 * sends that arrive while a commit runs go together in the next one, SEND_BATCH_MAX at most,
 * SEND_COMMITS_IN_FLIGHT at once per process), then answer each sender after that commit.
 */
@Injectable()
export class SendMessageService implements OnModuleDestroy {
  private readonly logger = new Logger('SendMessage');
  private readonly request: ZodValidationPipe<ReturnType<typeof sendMessageRequest>>;
  private readonly batcher: MicroBatcher<NewMessage, StoreResult>;

  constructor(
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(Presence) private readonly presence: Presence,
    @Inject(CHAT_MESSAGE_EVENT) private readonly event: ChatMessageEvent,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {
    this.request = new ZodValidationPipe(sendMessageRequest(config.MESSAGE_MAX_LENGTH), 'body');
    this.batcher = new MicroBatcher((batch: NewMessage[]) => this.storeBatch(batch), {
      maxBatch: config.SEND_BATCH_MAX,
      maxInFlight: config.SEND_COMMITS_IN_FLIGHT,
    });
  }

  /** Throws ValidationFailedError / ApiError / a retryable error for the sender's ack; resolves once the message is durable. */
  async send(senderId: string, payload: unknown): Promise<SentMessage> {
    const input = this.request.transform(payload);
    const message: NewMessage = {
      messageId: input.messageId ?? randomUUID(),
      chatId: input.chatId,
      senderId,
      recipientId: input.recipientId,
      body: input.message,
      sentAt: new Date(),
    };
    const result = await this.batcher.run(message);
    if (!result.stored) {
      if (result.code === 'EVENT_FAILED') throw result.error;
      const [status, text, field] = REFUSALS[result.code];
      throw new ApiError(status, result.code, text, { field });
    }
    return {
      view: {
        messageId: message.messageId,
        chatId: message.chatId,
        senderId,
        message: message.body,
        sentAt: result.sentAt.toISOString(),
      },
      members: result.members,
      replay: result.replay,
    };
  }

  /** Sends waiting for a commit are stored before shutdown goes on. */
  async onModuleDestroy(): Promise<void> {
    await this.batcher.drain();
  }

  private async storeBatch(batch: NewMessage[]): Promise<StoreResult[]> {
    // Presence (Redis) is asked before the transaction, so no pg connection waits on Redis.
    const online = await this.onlineAmong(batch);
    sendBatchSize.observe(batch.length);
    try {
      return await this.messages.storeMany(batch, this.config.CHAT_MAX_MEMBERS, (message, members) => {
        const recipientIds = members.filter((m) => m !== message.senderId);
        return outboxEntries(this.event, [
          {
            key: message.chatId,
            value: {
              messageId: message.messageId,
              chatId: message.chatId,
              senderId: message.senderId,
              recipientIds,
              // Someone who joined since presence was asked counts as offline (see onlineAmong).
              offlineRecipientIds: recipientIds.filter((id) => !online.has(id)),
              preview: message.body.slice(0, 200),
              sentAt: message.sentAt.toISOString(),
            },
          },
        ]);
      });
    } catch (error) {
      this.logger.warn(`a batch of ${batch.length} messages was not stored: ${(error as Error).message}`);
      throw (error as { retryable?: unknown })?.retryable === true ? error : new MessagesNotStoredError(error);
    }
  }

  /**
   * Who among the batch's possible recipients (its chats' members now, and each recipient) has a
   * live socket. Presence is a hint for notifications, not part of the message: when Postgres or
   * Redis cannot say here, every recipient counts as offline (a notification too many beats a
   * message missed).
   */
  private async onlineAmong(batch: NewMessage[]): Promise<Set<string>> {
    try {
      const members = await this.messages.membersOf([...new Set(batch.map((m) => m.chatId))]);
      const users = new Set(batch.map((m) => m.recipientId));
      for (const ids of members.values()) for (const id of ids) users.add(id);
      const candidates = [...users];
      const offline = new Set(await this.presence.offlineAmong(candidates));
      return new Set(candidates.filter((id) => !offline.has(id)));
    } catch (error) {
      this.logger.warn(`presence unknown (${(error as Error).message}); treating recipients as offline`);
      return new Set();
    }
  }
}
