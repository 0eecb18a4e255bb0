import type { RedisClient } from './redis-client';

/** Readiness check for Redis: a real PING round trip. */
export function redisHealthIndicator(redis: RedisClient) {
  return {
    name: 'redis',
    async check() {
      const started = performance.now();
      try {
        await redis.ping();
        return { status: 'up' as const, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
      } catch (error) {
        return { status: 'down' as const, error: (error as Error).message };
      }
    },
  };
}
