import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedParams } from '@perflab/runtime';
import { DescribeRoute } from '@perflab/openapi';
import { z } from 'zod';
import { assertCanAccess } from '../shared/access';
import { NotificationCache } from '../shared/notification.cache';
import { NotificationRepository } from '../shared/notification.repository';
import { unreadCountParams, type UnreadCountParams } from './unread-count.request';

const unreadCountResponse = z.object({ userId: z.uuid(), count: z.number().int() }).meta({ id: 'UnreadCount' });

@Controller('users')
@UseGuards(AuthGuard)
export class UnreadCountHttpController {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly cache: NotificationCache,
  ) {}

  /** Delivered (SENT) and unread; cached, invalidated when one is delivered or read. */
  @Get(':userId/notifications/unread-count')
  @DescribeRoute({
    summary: 'How many delivered notifications a user has not read',
    bearer: true,
    responses: { 200: unreadCountResponse },
    errors: [403],
  })
  async unreadCount(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(unreadCountParams) params: UnreadCountParams,
  ): Promise<{ userId: string; count: number }> {
    assertCanAccess(user, params.userId);
    const count = await this.cache.unreadCount(params.userId, () => this.repository.unreadCount(params.userId));
    return { userId: params.userId, count };
  }
}
