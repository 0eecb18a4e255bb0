import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedParams } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { canAccess, notFound } from '../shared/access';
import { NotificationCache } from '../shared/notification.cache';
import { NotificationRepository } from '../shared/notification.repository';
import { notificationResponse, toView, type NotificationView } from '../shared/notification.view';
import { notificationIdParams, type NotificationIdParams } from './get-notification.request';

@Controller('notifications')
@UseGuards(AuthGuard)
export class GetNotificationHttpController {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly cache: NotificationCache,
  ) {}

  /** Read-through cached. Someone else's notification answers 404, like a missing one. */
  @Get(':id')
  @DescribeRoute({
    summary: "One notification (404 if it is someone else's)",
    bearer: true,
    responses: { 200: notificationResponse },
    errors: [404],
  })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(notificationIdParams) params: NotificationIdParams,
  ): Promise<NotificationView> {
    const view = await this.cache.notification(params.id, async () => {
      const record = await this.repository.findById(params.id);
      return record ? toView(record) : null;
    });
    if (!view || !canAccess(user, view.userId)) throw notFound();
    return view;
  }
}
