import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ZodValidationPipe } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { z } from 'zod';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { assertCanAccess } from '../shared/access';
import { NotificationRepository } from '../shared/notification.repository';
import { notificationResponse, toView, type NotificationView } from '../shared/notification.view';
import { encodeCursor } from './list-cursor';
import { listNotificationsQuery, type ListNotificationsQuery } from './list-notifications.request';

const notificationPageResponse = z
  .object({
    data: z.array(notificationResponse),
    take: z.number().int(),
    skip: z.number().int(),
    hasMore: z.boolean().meta({ description: 'whether another page follows (one extra row read, no count)' }),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'pass as `cursor` for the next page; null on the last page' }),
    total: z
      .number()
      .int()
      .optional()
      .meta({ description: 'every matching row; only with `total=true` (it costs a count)' }),
  })
  .meta({ id: 'NotificationPage' });

/**
 * One page. `hasMore` says whether another follows and `nextCursor` fetches it; `total` (every
 * matching row) only when the request asked for it with `total=true`.
 */
export interface NotificationPage {
  data: NotificationView[];
  take: number;
  skip: number;
  hasMore: boolean;
  nextCursor: string | null;
  total?: number;
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
    const filter = { userId, status: query.status };
    const skip = query.skip ?? 0;
    const [{ data, hasMore }, total] = await Promise.all([
      this.repository.list({ ...filter, after: query.cursor, skip, take: query.take }),
      query.total ? this.repository.countListed(filter) : undefined,
    ]);
    const last = data.at(-1);
    return {
      data: data.map(toView),
      take: query.take,
      skip,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
      ...(total === undefined ? {} : { total }),
    };
  }
}
