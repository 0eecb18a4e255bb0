import { Inject, Injectable } from '@nestjs/common';
import { CHAT_CONFIG } from '../chat.di-tokens';
import type { ChatConfig } from '../chat.config';
import { MessageRepository } from '../shared/message.repository';
import type { MessageView } from '../shared/message.view';

/**
 * What a (re)connecting client missed. The client names the last message it saw in its
 * handshake (`auth.lastSeenMessageId`; socket.io clients re-read `auth` on every reconnect);
 * without one it gets the last CATCH_UP_OVERLAP_MS of its chats (what may have been emitted
 * before its room's Redis subscription was live). The socket has already joined its user's
 * room, so nothing sent meanwhile falls in a gap: a message may arrive twice, and clients
 * dedupe by messageId.
 */
@Injectable()
export class CatchUpService {
  constructor(
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Oldest first; `truncated` when more remain than CATCH_UP_LIMIT (the rest through GET
   * /chats/:id/messages). `notBefore` replaces "now" when no last seen message is known: a
   * connected socket that has received nothing yet is caught up since it connected.
   */
  async missed(
    userId: string,
    lastSeenMessageId: string | null,
    notBefore: Date | null = null,
  ): Promise<{ messages: MessageView[]; truncated: boolean }> {
    const limit = this.config.CATCH_UP_LIMIT;
    const rows = await this.messages.since(
      userId,
      lastSeenMessageId,
      this.config.CATCH_UP_OVERLAP_MS,
      limit + 1,
      notBefore,
    );
    return { messages: rows.slice(0, limit), truncated: rows.length > limit };
  }
}
