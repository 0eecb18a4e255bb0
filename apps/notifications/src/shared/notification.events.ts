import { chatMessageSent, notificationRequested, onTopic, userRegistered } from '@perflab/contracts';

/**
 * The shared contracts, on a configurable topic: production uses the contracts' own names,
 * tests a unique topic each, with the very same key and value schemas and partition count.
 */
export function notificationEventOn(topic: string) {
  return onTopic(notificationRequested, topic);
}

export function userRegisteredEventOn(topic: string) {
  return onTopic(userRegistered, topic);
}

export function chatMessageEventOn(topic: string) {
  return onTopic(chatMessageSent, topic);
}

export type NotificationEvent = ReturnType<typeof notificationEventOn>;
export type UserRegisteredEvent = ReturnType<typeof userRegisteredEventOn>;
export type ChatMessageEvent = ReturnType<typeof chatMessageEventOn>;
