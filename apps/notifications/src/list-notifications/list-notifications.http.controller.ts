import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ZodValidationPipe } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { z } from 'zod';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { assertCanAccess } from '../shared/access';
import { NotificationRepository } from '../shared/notification.repository';
import { notificationResponse, toView, type NotificationView } from '../shared/notification.view';
import { listNotificationsQuery, type ListNotificationsQuery } from './list-notifications.request';

const notificationPageResponse = z
  .object({
    data: z.array(notificationResponse),
    total: z.number().int(),
    skip: z.number().int(),
    take: z.number().int(),
  })
  .meta({ id: 'NotificationPage' });

export interface NotificationPage {
  data: NotificationView[];
  total: number;
  skip: number;
  take: number;
}

@Controller('notifications')
@UseGuards(AuthGuard)
export class ListNotificationsHttpController {
  readonly validation: ZodValidationPipe<ReturnType<typeof listNotificationsQuery>>;

  constructor(
    private readonly repository: NotificationRepository,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
  ) {
    this.validation = new ZodValidationPipe(
      listNotificationsQuery(config.PAGE_SIZE_DEFAULT, config.PAGE_SIZE_MAX),
      'query',
    );
  }

  /**
   * Newest first. A user sees their own (userId defaults to theirs; another's is 403);
   * an ADMIN may name anyone, or omit userId to page through everything.
   */
  @Get()
  @DescribeRoute({
    summary: "Notifications, newest first: the caller's own, or anyone's for an ADMIN",
    bearer: true,
    query: (self: ListNotificationsHttpController) => self.validation.schema,
    responses: { 200: notificationPageResponse },
    errors: [403],
  })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() raw: unknown): Promise<NotificationPage> {
    const query: ListNotificationsQuery = this.validation.transform(raw);
    const userId = query.userId ?? (user.role === 'ADMIN' ? undefined : user.id);
    if (userId) assertCanAccess(user, userId);
    const { data, total } = await this.repository.list({
      userId,
      status: query.status,
      skip: query.skip,
      take: query.take,
    });
    return { data: data.map(toView), total, skip: query.skip, take: query.take };
  }
}
