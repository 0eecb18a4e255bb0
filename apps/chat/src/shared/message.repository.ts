import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import { OUTBOX_INSERT_SQL, outboxJson, type OutboxEntry } from '@perflab/messaging';
import type { PoolClient } from 'pg';
import type { PrismaClient } from '../chat.prisma';
import { messageView, type MessageRow, type MessageView } from './message.view';

const COLUMNS = 'm.seq::text AS seq, m.id::text AS id, m.chat_id, m.sender_id::text AS sender_id, m.body, m.sent_at';

export interface NewMessage {
  messageId: string;
  chatId: string;
  senderId: string;
  recipientId: string;
  body: string;
  sentAt: Date;
}

export type StoreResult =
  /** `replay`: this sender already stored this message id (a retried send); sentAt is the original's. */
  | { stored: true; members: string[]; sentAt: Date; replay: boolean }
  | { stored: false; code: 'NOT_A_MEMBER' | 'CHAT_FULL' | 'MESSAGE_ID_TAKEN' };

/**
 * All SQL of the service, on the raw pool (the hot path). A message, the membership it needs
 * and its outbox entry are one transaction: once it commits the message is durable and on its
 * way to Kafka; the ack follows the commit.
 */
@Injectable()
export class MessageRepository {
  constructor(@Inject(DATABASE) private readonly database: Database<PrismaClient>) {}

  /**
   * The first message to a chat id creates the chat with sender and recipient as members; a
   * later one must come from a member and adds the recipient if new (a group chat grows).
   * `outboxFor(members)` builds the event once the members are known.
   */
  async store(
    message: NewMessage,
    maxMembers: number,
    outboxFor: (members: string[]) => Promise<OutboxEntry[]>,
  ): Promise<StoreResult> {
    return this.transaction(async (db) => {
      const created = await db.query('INSERT INTO chats (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id', [
        message.chatId,
      ]);
      let members: string[];
      if (created.rowCount === 1) {
        members = [...new Set([message.senderId, message.recipientId])];
        await db.query(
          'INSERT INTO chat_members (chat_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING',
          [message.chatId, members],
        );
      } else {
        const rows = await db.query<{ user_id: string }>(
          'SELECT user_id::text AS user_id FROM chat_members WHERE chat_id = $1',
          [message.chatId],
        );
        members = rows.rows.map((r) => r.user_id);
        if (!members.includes(message.senderId)) return { stored: false, code: 'NOT_A_MEMBER' };
        if (!members.includes(message.recipientId)) {
          if (members.length >= maxMembers) return { stored: false, code: 'CHAT_FULL' };
          await db.query('INSERT INTO chat_members (chat_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            message.chatId,
            message.recipientId,
          ]);
          members.push(message.recipientId);
        }
      }
      const inserted = await db.query(
        `INSERT INTO messages (id, chat_id, sender_id, body, sent_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
        [message.messageId, message.chatId, message.senderId, message.body, message.sentAt],
      );
      if (inserted.rowCount !== 1) {
        const original = await db.query<{ sender_id: string; sent_at: Date }>(
          'SELECT sender_id::text AS sender_id, sent_at FROM messages WHERE id = $1',
          [message.messageId],
        );
        const row = original.rows[0];
        if (row?.sender_id !== message.senderId) return { stored: false, code: 'MESSAGE_ID_TAKEN' };
        return { stored: true, members, sentAt: row.sent_at, replay: true };
      }
      await db.query(OUTBOX_INSERT_SQL, [outboxJson(await outboxFor(members))]);
      return { stored: true, members, sentAt: message.sentAt, replay: false };
    });
  }

  /**
   * What a user missed: messages of their chats sent since the one they saw last (or since
   * `notBefore`, else now, when they name none or one they cannot see), minus an overlap, oldest
   * first. The overlap covers commits that land out of order, and, for a fresh connection,
   * messages emitted while its room subscription was still being set up.
   */
  async since(
    userId: string,
    lastSeenMessageId: string | null,
    overlapMs: number,
    limit: number,
    notBefore: Date | null = null,
  ): Promise<MessageView[]> {
    const result = await this.database.pool.query<MessageRow>(
      `WITH seen AS (
         SELECT m.sent_at FROM messages m
         JOIN chat_members cm ON cm.chat_id = m.chat_id AND cm.user_id = $1
         WHERE m.id = $2::uuid)
       SELECT ${COLUMNS} FROM chat_members cm
       JOIN messages m ON m.chat_id = cm.chat_id
       WHERE cm.user_id = $1 AND m.id IS DISTINCT FROM $2::uuid
         AND m.sent_at >= COALESCE((SELECT sent_at FROM seen), $5::timestamptz, now()) - make_interval(secs => $3::double precision / 1000)
       ORDER BY m.seq LIMIT $4`,
      [userId, lastSeenMessageId, overlapMs, limit, notBefore],
    );
    return result.rows.map(messageView);
  }

  async isMember(chatId: string, userId: string): Promise<boolean> {
    const result = await this.database.pool.query('SELECT 1 FROM chat_members WHERE chat_id = $1 AND user_id = $2', [
      chatId,
      userId,
    ]);
    return result.rowCount === 1;
  }

  /** A chat's history, newest first, `limit` rows before the cursor (a seq); the next cursor when more remain. */
  async page(
    chatId: string,
    before: string | undefined,
    limit: number,
  ): Promise<{ items: MessageView[]; nextCursor: string | null }> {
    const result = await this.database.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages m
       WHERE m.chat_id = $1 AND ($2::bigint IS NULL OR m.seq < $2::bigint)
       ORDER BY m.seq DESC LIMIT $3`,
      [chatId, before ?? null, limit + 1],
    );
    const rows = result.rows.slice(0, limit);
    const more = result.rows.length > limit;
    return { items: rows.map(messageView), nextCursor: more ? (rows[rows.length - 1].seq ?? null) : null };
  }

  private async transaction<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    const db = await this.database.pool.connect();
    try {
      await db.query('BEGIN');
      const result = await work(db);
      await db.query('COMMIT');
      return result;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }
}
