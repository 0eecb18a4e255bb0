import { nameBasedUuid } from '../shared/name-based-id';

/** The welcome notification's id, from the user's: a redelivered user.registered inserts nothing new. */
export function welcomeNotificationId(userId: string): string {
  return nameBasedUuid(`perflab:welcome:${userId}`);
}
