import Redis from 'ioredis';
import { testEnv } from './test-env';

/** Deletes the keys matching each pattern (SCAN, never FLUSH: the stack's Redis is shared). */
export async function deleteRedisKeys(...patterns: string[]): Promise<void> {
  const redis = new Redis(testEnv.redisUrl);
  try {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
