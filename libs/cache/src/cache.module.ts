import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Cache } from './cache';
import { connectRedis, createRedisClient, type RedisClient, type RedisConnectionOptions } from './redis-client';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async onModuleInit(): Promise<void> {
    // A service may start while Redis is down: the cache breaker covers that, so
    // start-up does not wait forever; readiness reports Redis as down meanwhile.
    await Promise.race([connectRedis(this.redis).catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Provides the Redis client (token REDIS) and a Cache for the service's namespace. */
@Global()
@Module({})
export class CacheModule {
  static forRoot(options: RedisConnectionOptions & { namespace: string; defaultTtlSeconds?: number }): DynamicModule {
    return {
      module: CacheModule,
      providers: [
        { provide: REDIS, useFactory: () => createRedisClient(options) },
        {
          provide: Cache,
          inject: [REDIS],
          useFactory: (redis: RedisClient) => new Cache(redis, options),
        },
        RedisLifecycle,
      ],
      exports: [REDIS, Cache],
    };
  }
}
