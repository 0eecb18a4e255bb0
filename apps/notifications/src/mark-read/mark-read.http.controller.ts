import { Controller, Patch, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedParams } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { notificationIdParams, type NotificationIdParams } from '../get-notification/get-notification.request';
import { notificationResponse, type NotificationView } from '../shared/notification.view';
import { MarkReadService } from './mark-read.service';

@Controller('notifications')
@UseGuards(AuthGuard)
export class MarkReadHttpController {
  constructor(private readonly service: MarkReadService) {}

  /** Idempotent: the first call sets readAt, later ones return the notification unchanged. */
  @Patch(':id/read')
  @DescribeRoute({
    summary: 'Mark a notification read (idempotent)',
    bearer: true,
    responses: { 200: notificationResponse },
    errors: [404],
  })
  markRead(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(notificationIdParams) params: NotificationIdParams,
  ): Promise<NotificationView> {
    return this.service.markRead(user, params.id);
  }
}
