import { Body, Controller, Headers, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ZodValidationPipe } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { acceptedBatchResponse, idempotencyKeyHeader, type Accepted } from '../create-notification/accepted.response';
import { CreateNotificationService } from '../create-notification/create-notification.service';
import { parseIdempotencyKey } from '../idempotency/idempotency-keys';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import {
  createNotificationBatchRequest,
  type CreateNotificationBatchRequest,
} from './create-notification-batch.request';

@Controller('notifications')
@UseGuards(AuthGuard)
export class CreateNotificationBatchHttpController {
  readonly validation: ZodValidationPipe<ReturnType<typeof createNotificationBatchRequest>>;

  constructor(
    private readonly service: CreateNotificationService,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
  ) {
    // The bound comes from config, so the schema is built per app rather than at import.
    this.validation = new ZodValidationPipe(createNotificationBatchRequest(config.BATCH_MAX));
  }

  /** Up to BATCH_MAX notifications in one transaction and one Kafka batch: 202 `{count, items}`. */
  @Post('batch')
  @HttpCode(202)
  @DescribeRoute({
    summary: 'Create up to BATCH_MAX notifications in one transaction',
    bearer: true,
    headers: idempotencyKeyHeader,
    body: (self: CreateNotificationBatchHttpController) => self.validation.schema,
    responses: { 202: acceptedBatchResponse },
    errors: [403, 409, 422],
  })
  async createBatch(
    @CurrentUser() user: AuthenticatedUser,
    @Body() raw: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ count: number; items: Accepted[] }> {
    const body: CreateNotificationBatchRequest = this.validation.transform(raw);
    const key = parseIdempotencyKey(idempotencyKey);
    const items = await this.service.create(
      user,
      body.notifications,
      (index) => `notifications.${index}.userId`,
      key === undefined ? undefined : { key, endpoint: 'batch' },
    );
    return { count: items.length, items };
  }
}
