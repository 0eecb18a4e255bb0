import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cache } from '@perflab/cache';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { isSettled } from './notification.model';
import type { NotificationView } from './notification.view';

/** How long an unsettled notification (its status or read state may still change) is cached. */
const UNSETTLED_TTL_SECONDS = 2;

/**
 * The service's cache keys in one place: `notification:<id>` (one notification) and
 * `unread:<userId>` (a user's unread count). Writers invalidate after committing; a
 * notification whose state may still change is cached only briefly, so a read racing
 * an invalidation cannot pin a stale status for long.
 */
@Injectable()
export class NotificationCache {
  private readonly logger = new Logger('NotificationCache');

  constructor(
    private readonly cache: Cache,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  notification(id: string, load: () => Promise<NotificationView | null>): Promise<NotificationView | null> {
    return this.readThrough(`notification:${id}`, load, (view) =>
      isSettled({ status: view.status as never, readAt: view.readAt as never })
        ? this.config.NOTIFICATION_CACHE_TTL_SECONDS
        : Math.min(UNSETTLED_TTL_SECONDS, this.config.NOTIFICATION_CACHE_TTL_SECONDS),
    );
  }

  unreadCount(userId: string, load: () => Promise<number>): Promise<number> {
    return this.cache.getOrSet(`unread:${userId}`, load, this.config.UNREAD_CACHE_TTL_SECONDS);
  }

  setUnreadCount(userId: string, count: number): Promise<void> {
    return this.cache.set(`unread:${userId}`, count, this.config.UNREAD_CACHE_TTL_SECONDS);
  }

  /** Best effort: a failed invalidation is logged; the short TTLs bound the staleness. */
  async invalidate(ids: { notificationId?: string; userId?: string }): Promise<void> {
    const keys = [
      ...(ids.notificationId ? [`notification:${ids.notificationId}`] : []),
      ...(ids.userId ? [`unread:${ids.userId}`] : []),
    ];
    await this.cache.invalidate(...keys).catch((error: unknown) => {
      this.logger.warn(`cache invalidation failed for ${keys.join(', ')}: ${(error as Error).message}`);
    });
  }

  /** getOrSet with a TTL chosen from the loaded value; misses are not cached. */
  private async readThrough<T>(
    key: string,
    load: () => Promise<T | null>,
    ttlOf: (value: T) => number,
  ): Promise<T | null> {
    const cached = await this.cache.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    if (value !== null) await this.cache.set(key, value, ttlOf(value));
    return value;
  }
}
