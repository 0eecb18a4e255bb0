import { onEvent, type ConsumerOptions } from '@perflab/messaging';
import { consumerSettings } from '../delivery/delivery.consumer';
import { runsWorker, type NotificationsConfig } from '../notifications.config';
import type { UserRegisteredEvent } from '../shared/notification.events';
import type { WelcomeService } from './welcome.service';

/**
 * The `notification-welcome` group on auth's user.registered. auth produces the topic; this
 * group waits for it to exist. Null when this process runs no worker or no welcome.
 */
export function welcomeConsumerOptions(
  config: NotificationsConfig,
  event: UserRegisteredEvent,
  welcome: WelcomeService,
): ConsumerOptions | null {
  if (!runsWorker(config) || !config.WELCOME_ENABLED) return null;
  return {
    ...consumerSettings(config),
    groupId: config.WELCOME_GROUP,
    handlers: [onEvent(event, async ({ value }) => void (await welcome.welcome(value)))],
  };
}
