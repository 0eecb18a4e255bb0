import { notificationRequested, onTopic, userRegistered } from '@perflab/contracts';

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

export type NotificationEvent = ReturnType<typeof notificationEventOn>;
export type UserRegisteredEvent = ReturnType<typeof userRegisteredEventOn>;
