import { Inject, Injectable } from '@nestjs/common';
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
  constructor(
    private readonly cache: Cache,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** A missing notification (null) is not cached. */
  async notification(id: string, load: () => Promise<NotificationView | null>): Promise<NotificationView | null> {
    const view = await this.cache.getOrSet(
      `notification:${id}`,
      async () => (await load()) ?? undefined,
      (loaded) =>
        isSettled({ status: loaded.status as never, readAt: loaded.readAt as never })
          ? this.config.NOTIFICATION_CACHE_TTL_SECONDS
          : Math.min(UNSETTLED_TTL_SECONDS, this.config.NOTIFICATION_CACHE_TTL_SECONDS),
    );
    return view ?? null;
  }

  unreadCount(userId: string, load: () => Promise<number>): Promise<number> {
    return this.cache.getOrSet(`unread:${userId}`, load, this.config.UNREAD_CACHE_TTL_SECONDS);
  }

  setUnreadCount(userId: string, count: number): Promise<void> {
    return this.cache.set(`unread:${userId}`, count, this.config.UNREAD_CACHE_TTL_SECONDS);
  }

  /** After a commit; never fails the write (Cache.invalidate retries, then counts; the TTLs bound staleness). */
  invalidate(ids: { notificationId?: string; userId?: string }): Promise<void> {
    return this.cache.invalidate(
      ...(ids.notificationId ? [`notification:${ids.notificationId}`] : []),
      ...(ids.userId ? [`unread:${ids.userId}`] : []),
    );
  }
}
