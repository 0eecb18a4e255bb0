import { createHash } from 'node:crypto';
import { ApiError } from '@perflab/runtime';
import type { Prisma } from '../notifications.prisma';

/** An `Idempotency-Key` header value: 1..255 visible ASCII characters. */
export function parseIdempotencyKey(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      field: 'Idempotency-Key',
    });
  }
  return value;
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * Runs `create` at most once per (caller, key) within the key's lifetime, inside `tx` (the
 * transaction that stores the rows), and returns its response — or the stored one for a
 * retry with the same body. Same key, other body → 422; the first request still in flight
 * (its row is locked, uncommitted) → 409 once lock_timeout passes.
 */
export async function onceForKey<T>(
  tx: Prisma.TransactionClient,
  scope: { userId: string; key: string; hash: string; ttlSeconds: number },
  create: () => Promise<T>,
): Promise<T> {
  const { userId, key, hash, ttlSeconds } = scope;
  await tx.$executeRaw`SET LOCAL lock_timeout = '250ms'`;
  let fresh: { fresh: boolean }[];
  try {
    fresh = await tx.$queryRaw<{ fresh: boolean }[]>`
      INSERT INTO idempotency_keys (user_id, key, request_hash, response, expires_at)
      VALUES (${userId}::uuid, ${key}, ${hash}, 'null'::jsonb, now() + ${ttlSeconds} * interval '1 second')
      ON CONFLICT (user_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response,
            created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_keys.expires_at < now()
      RETURNING true AS fresh`;
  } catch (error) {
    if (/55P03|lock timeout/i.test(String((error as Error)?.message) + JSON.stringify(error))) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress', {
        field: 'Idempotency-Key',
      });
    }
    throw error;
  }
  if (fresh.length === 0) {
    const [stored] = await tx.$queryRaw<{ request_hash: string; response: T }[]>`
      SELECT request_hash, response FROM idempotency_keys WHERE user_id = ${userId}::uuid AND key = ${key}`;
    if (stored.request_hash !== hash) {
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request', {
        field: 'Idempotency-Key',
      });
    }
    return stored.response;
  }
  const response = await create();
  await tx.$executeRaw`
    UPDATE idempotency_keys SET response = ${JSON.stringify(response)}::jsonb
    WHERE user_id = ${userId}::uuid AND key = ${key}`;
  return response;
}
