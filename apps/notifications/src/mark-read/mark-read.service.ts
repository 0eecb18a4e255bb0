import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@perflab/auth-guard';
import { notFound, ownerFilter } from '../shared/access';
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
    // One round trip: the ownership check is part of the UPDATE, so nobody marks someone else's notification.
    const result = await this.repository.markRead(id, ownerFilter(user));
    if (!result) throw notFound();
    if (result.changed) await this.cache.invalidate({ notificationId: id, userId: result.record.userId });
    return toView(result.record);
  }
}
