import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout over SHA-1) of "welcome:<userId>": the same user
 * always gets the same welcome id, so a redelivered user.registered inserts nothing new.
 */
export function welcomeNotificationId(userId: string): string {
  const bytes = createHash('sha1').update(`perflab:welcome:${userId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
