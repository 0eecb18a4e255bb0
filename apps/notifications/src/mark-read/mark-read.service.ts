import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@perflab/auth-guard';
import { canAccess, notFound } from '../shared/access';
import { NotificationCache } from '../shared/notification.cache';
import { NotificationRepository } from '../shared/notification.repository';
import { toView, type NotificationView } from '../shared/notification.view';

@Injectable()
export class MarkReadService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly cache: NotificationCache,
  ) {}

  async markRead(user: AuthenticatedUser, id: string): Promise<NotificationView> {
    // Ownership is checked before the write, so nobody marks someone else's notification.
    const existing = await this.repository.findById(id);
    if (!existing || !canAccess(user, existing.userId)) throw notFound();
    const result = await this.repository.markRead(id);
    if (!result) throw notFound();
    if (result.changed) await this.cache.invalidate({ notificationId: id, userId: existing.userId });
    return toView(result.record);
  }
}
