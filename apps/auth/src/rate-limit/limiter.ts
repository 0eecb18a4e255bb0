import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@perflab/cache';
import { RateLimitedError } from './rate-limited.error';

/**
 * A fixed window in Redis, shared by every worker and instance. If Redis is down, each
 * process falls back to an in-memory limiter with the same limits (the insurance
 * limiter), so the limits loosen by the number of processes instead of vanishing.
 */
export function limiter(redis: RedisClient, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

/** Whole seconds until the limiter lets the key through again (Retry-After). */
export const retryAfter = (res: RateLimiterRes) => Math.ceil(res.msBeforeNext / 1000);

/** Takes one point, or throws 429 RATE_LIMITED with Retry-After when the window is spent. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new RateLimitedError('RATE_LIMITED', 'Too many requests; retry later', retryAfter(error));
    }
    throw error;
  }
}
