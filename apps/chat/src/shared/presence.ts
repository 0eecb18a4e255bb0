import { Inject, Injectable } from '@nestjs/common';
import { REDIS, type RedisClient } from '@perflab/cache';
import { CHAT_CONFIG } from '../chat.di-tokens';
import type { ChatConfig } from '../chat.config';

/**
 * Who has a connected socket anywhere (any worker, any instance): per user, a Redis sorted set
 * of socket ids scored by when their lease ends. A process refreshes its sockets' leases every
 * third of the TTL, so a crashed process's sockets fall out by themselves within the TTL.
 */
@Injectable()
export class Presence {
  private readonly ttlMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {
    this.ttlMs = config.PRESENCE_TTL_SECONDS * 1_000;
  }

  /** How often the owner of sockets should call `refresh`. */
  get refreshIntervalMs(): number {
    return Math.floor(this.ttlMs / 3);
  }

  async online(userId: string, socketId: string): Promise<void> {
    await this.refresh([{ userId, socketId }]);
  }

  async offline(userId: string, socketId: string): Promise<void> {
    await this.redis.zrem(this.key(userId), socketId);
  }

  /** Extends the leases of these sockets (one round trip). */
  async refresh(sockets: { userId: string; socketId: string }[]): Promise<void> {
    if (sockets.length === 0) return;
    const until = Date.now() + this.ttlMs;
    const pipeline = this.redis.pipeline();
    for (const { userId, socketId } of sockets) {
      pipeline.zadd(this.key(userId), until, socketId);
      pipeline.pexpire(this.key(userId), this.ttlMs);
    }
    await pipeline.exec();
  }

  /** The users among these with no live socket. */
  async offlineAmong(userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.zcount(this.key(userId), now, '+inf');
    const results = (await pipeline.exec()) ?? [];
    return userIds.filter((_, i) => {
      const [error, count] = results[i] ?? [new Error('no reply'), 0];
      if (error) throw error;
      return Number(count) === 0;
    });
  }

  private key(userId: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:presence:${userId}`;
  }
}
