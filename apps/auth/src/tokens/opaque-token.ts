import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the refresh token the client holds. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this digest is stored. A fast hash is right here (unlike passwords): the input
 * is 256 random bits, so there is nothing to brute-force, and lookups stay indexable.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
