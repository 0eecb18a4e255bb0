import { Injectable } from '@nestjs/common';
import type { ChatMessageSent } from '@perflab/contracts';
import { OutboxRelay } from '@perflab/messaging';
import { z } from 'zod';
import { notificationsAcceptedTotal } from '../notifications.metrics';
import { nameBasedUuid } from '../shared/name-based-id';
import { NotificationRepository } from '../shared/notification.repository';

const uuid = z.uuid();

/** One recipient's notification of one message: the same pair always gets the same id. */
export function chatNotificationId(messageId: string, recipientId: string): string {
  return nameBasedUuid(`perflab:chat:${messageId}:${recipientId.toLowerCase()}`);
}

/**
 * chat's chat.message.sent → a PUSH notification of type `chat` for each recipient who had no
 * connected socket when the message was accepted (the event names them), exactly once per
 * message and recipient: a redelivered event inserts nothing and queues nothing.
 */
@Injectable()
export class ChatNotificationService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async notifyOffline(event: ChatMessageSent): Promise<string[]> {
    // Ids this service cannot store are skipped, not retried: chat only sends users' UUIDs.
    const recipients = [...new Set(event.offlineRecipientIds.map((id) => id.toLowerCase()))].filter(
      (id) => uuid.safeParse(id).success,
    );
    if (recipients.length === 0) return [];
    const rows = await this.repository.insertMany(
      recipients.map((userId) => ({
        id: chatNotificationId(event.messageId, userId),
        userId,
        type: 'chat',
        channel: 'PUSH' as const,
        title: 'New message',
        body: event.preview,
        data: { chatId: event.chatId, messageId: event.messageId, senderId: event.senderId, sentAt: event.sentAt },
      })),
    );
    if (rows.length === 0) return [];
    notificationsAcceptedTotal.inc({ channel: 'PUSH', status: 'PENDING' }, rows.length);
    this.outbox.nudge();
    return rows.map((r) => r.id);
  }
}
