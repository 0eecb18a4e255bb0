import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedBody } from '@perflab/runtime';
import { notificationRequest, type NotificationRequest } from '../shared/notification.fields';
import { CreateNotificationService, type Accepted } from './create-notification.service';

@Controller('notifications')
@UseGuards(AuthGuard)
export class CreateNotificationHttpController {
  constructor(private readonly service: CreateNotificationService) {}

  /** 202 `{id, status}`: stored durably, delivered asynchronously. */
  @Post()
  @HttpCode(202)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedBody(notificationRequest) body: NotificationRequest,
  ): Promise<Accepted> {
    const [accepted] = await this.service.create(user, [body], () => 'userId');
    return accepted;
  }
}
