export { Cache, type CacheOptions, type Ttl } from './cache';
export { CacheModule, REDIS } from './cache.module';
export { connectRedis, createRedisClient, type RedisClient, type RedisConnectionOptions } from './redis-client';
export { redisHealthIndicator } from './redis-health';
