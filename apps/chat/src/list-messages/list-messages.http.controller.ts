import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ApiError, ZodValidationPipe } from '@perflab/runtime';
import { CHAT_CONFIG } from '../chat.di-tokens';
import type { ChatConfig } from '../chat.config';
import { MessageRepository } from '../shared/message.repository';
import { listMessagesParams, listMessagesQuery } from './list-messages.request';
import { messagePageResponse, type MessagePage } from './message-page.response';

@Controller('chats')
@UseGuards(AuthGuard)
export class ListMessagesHttpController {
  private readonly params = new ZodValidationPipe(listMessagesParams, 'params');
  private readonly query: ZodValidationPipe<ReturnType<typeof listMessagesQuery>>;

  constructor(
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(CHAT_CONFIG) config: ChatConfig,
  ) {
    this.query = new ZodValidationPipe(listMessagesQuery(config.PAGE_SIZE_DEFAULT, config.PAGE_SIZE_MAX), 'query');
  }

  /** A chat's history, newest first; members only (a chat that does not exist answers the same 403). */
  @Get(':chatId/messages')
  @DescribeRoute({
    summary: "A chat's history, newest first, a page at a time; members only",
    bearer: true,
    params: listMessagesParams,
    query: (self: ListMessagesHttpController) => self.query.schema,
    responses: { 200: messagePageResponse },
    errors: [403],
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() rawParams: unknown,
    @Query() rawQuery: unknown,
  ): Promise<MessagePage> {
    const { chatId } = this.params.transform(rawParams);
    const { before, limit } = this.query.transform(rawQuery);
    if (!(await this.messages.isMember(chatId, user.id))) {
      throw new ApiError(403, 'NOT_A_MEMBER', 'Only members of this chat may read it', { field: 'chatId' });
    }
    return this.messages.page(chatId, before, limit);
  }
}
