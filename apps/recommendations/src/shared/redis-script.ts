import { createHash } from 'node:crypto';
import type { RedisClient } from '@perflab/cache';

/**
 * A Lua script sent by its SHA (EVALSHA); the first call after a Redis restart or flush
 * (NOSCRIPT) sends the body once (EVAL), which caches it again.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly body: string) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }

  async run<T>(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(this.body, keys.length, ...keys, ...args)) as T;
    }
  }
}
