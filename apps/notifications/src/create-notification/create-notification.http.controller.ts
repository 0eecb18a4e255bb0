import { Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedBody } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { notificationRequest, type NotificationRequest } from '../shared/notification.fields';
import { parseIdempotencyKey } from '../idempotency/idempotency-keys';
import { acceptedResponse, idempotencyKeyHeader, type Accepted } from './accepted.response';
import { CreateNotificationService } from './create-notification.service';

@Controller('notifications')
@UseGuards(AuthGuard)
export class CreateNotificationHttpController {
  constructor(private readonly service: CreateNotificationService) {}

  /** 202 `{id, status}`: stored durably, delivered asynchronously. With Idempotency-Key, a retry gets the same answer. */
  @Post()
  @HttpCode(202)
  @DescribeRoute({
    summary: 'Create one notification (immediate or scheduled)',
    bearer: true,
    headers: idempotencyKeyHeader,
    responses: { 202: acceptedResponse },
    errors: [403, 409, 422],
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedBody(notificationRequest) body: NotificationRequest,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Accepted> {
    const key = parseIdempotencyKey(idempotencyKey);
    const [accepted] = await this.service.create(
      user,
      [body],
      () => 'userId',
      key === undefined ? undefined : { key, endpoint: 'create' },
    );
    return accepted;
  }
}
