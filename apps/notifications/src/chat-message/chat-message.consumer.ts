import { onEvent, type ConsumerOptions } from '@perflab/messaging';
import { consumerSettings } from '../delivery/delivery.consumer';
import { runsWorker, type NotificationsConfig } from '../notifications.config';
import type { ChatMessageEvent } from '../shared/notification.events';
import type { ChatNotificationService } from './chat-notification.service';

/**
 * The `notification-chat` group on chat's chat.message.sent. chat produces the topic; this
 * group waits for it to exist. Null when this process runs no worker (ROLE=api) or no chat notifications.
 */
export function chatMessageConsumerOptions(
  config: NotificationsConfig,
  event: ChatMessageEvent,
  chat: ChatNotificationService,
): ConsumerOptions | null {
  if (!runsWorker(config) || !config.CHAT_NOTIFICATIONS_ENABLED) return null;
  return {
    ...consumerSettings(config),
    groupId: config.CHAT_GROUP,
    handlers: [onEvent(event, async ({ value }) => void (await chat.notifyOffline(value)))],
  };
}
