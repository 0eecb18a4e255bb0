import { defineEvent, notificationRequested, userRegistered } from '@perflab/contracts';

/**
 * The shared contracts, on a configurable topic: production uses the contracts' own names,
 * tests a unique topic each, with the very same key and value schemas.
 */
export function notificationEventOn(topic: string) {
  return topic === notificationRequested.topic
    ? notificationRequested
    : defineEvent({ topic, key: notificationRequested.key, value: notificationRequested.value });
}

export function userRegisteredEventOn(topic: string) {
  return topic === userRegistered.topic
    ? userRegistered
    : defineEvent({ topic, key: userRegistered.key, value: userRegistered.value });
}

export type NotificationEvent = ReturnType<typeof notificationEventOn>;
export type UserRegisteredEvent = ReturnType<typeof userRegisteredEventOn>;
