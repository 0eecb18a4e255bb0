import { Inject, Injectable } from '@nestjs/common';
import { REDIS, type RedisClient } from '@perflab/cache';
import { PeriodicJob } from '@perflab/runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { NotificationCache } from '../shared/notification.cache';
import { NotificationRepository } from '../shared/notification.repository';

const HOUR_MS = 3_600_000;

/**
 * The document's cache warming: every hour, load the unread counts of the most active
 * users (by notifications in the last day) into Redis, so their first badge read hits.
 * Every cluster worker and instance has this job; a Redis lock lets one of them run it.
 */
@Injectable()
export class CacheWarmingJob extends PeriodicJob {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly cache: NotificationCache,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    super({ name: 'notifications-cache-warming', intervalMs: HOUR_MS, enabled: config.CACHE_WARMING_ENABLED });
  }

  protected run(): Promise<unknown> {
    return this.onSchedule();
  }

  async onSchedule(): Promise<void> {
    const lock = `${this.config.REDIS_KEY_PREFIX}:lock:cache-warming`;
    const acquired = await this.redis.set(lock, String(process.pid), 'EX', 300, 'NX').catch(() => null);
    if (acquired === null) return;
    const warmed = await this.warm();
    this.logger.log(`warmed unread counts of ${warmed} user(s)`);
  }

  /** Resolves with how many users' counts were loaded. */
  async warm(): Promise<number> {
    const users = await this.repository.topRecentUsers(this.config.CACHE_WARMING_TOP_USERS);
    for (const userId of users) {
      await this.cache.setUnreadCount(userId, await this.repository.unreadCount(userId));
    }
    return users.length;
  }
}
