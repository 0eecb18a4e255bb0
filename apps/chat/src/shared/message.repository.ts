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
  | { stored: false; code: 'NOT_A_MEMBER' | 'CHAT_FULL' | 'MESSAGE_ID_TAKEN' }
  /** Its event could not be built (outboxFor threw): this message alone is not stored. */
  | { stored: false; code: 'EVENT_FAILED'; error: unknown };

/** Builds a stored message's outbox entries from its chat's members (the sender included). */
export type OutboxFor = (message: NewMessage, members: string[]) => OutboxEntry[];

/** A message that passed the membership checks, with the members as of that message. */
interface Admitted {
  index: number;
  /** The message id lower-cased once: ids compare case-insensitively (Postgres returns them lower-case). */
  id: string;
  message: NewMessage;
  members: string[];
  outbox: OutboxEntry[];
}

const byKey = (a: [string, string], b: [string, string]) =>
  a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1;

/**
 * All SQL of the service, on the raw pool (the hot path). A batch of messages, the membership
 * they need and their outbox entries are one transaction of a few multi-row statements (group
 * commit): once it commits, every message in it is durable and on its way to Kafka; the acks
 * follow the commit.
 */
@Injectable()
export class MessageRepository {
  constructor(@Inject(DATABASE) private readonly database: Database<PrismaClient>) {}

  /** Each chat's members now, outside any transaction: whom to ask presence about before a commit. */
  async membersOf(chatIds: string[]): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>(chatIds.map((id) => [id, []]));
    if (chatIds.length === 0) return members;
    const result = await this.database.pool.query<{ chat_id: string; user_id: string }>(
      'SELECT chat_id, user_id::text AS user_id FROM chat_members WHERE chat_id = ANY($1::text[])',
      [chatIds],
    );
    for (const row of result.rows) members.get(row.chat_id)?.push(row.user_id);
    return members;
  }

  /**
   * Stores a batch in one transaction, one result per message in order, as if they had been
   * stored one after another: the first message to a chat id creates the chat with sender and
   * recipient as members; a later one must come from a member and adds the recipient if new (a
   * group chat grows). A refused message does not fail the others; a message id already stored
   * (or earlier in the batch) by the same sender is a replay, acknowledged again and stored once.
   * Rows are written in key order so that concurrent batches do not deadlock on each other.
   */
  async storeMany(messages: NewMessage[], maxMembers: number, outboxFor: OutboxFor): Promise<StoreResult[]> {
    return this.transaction(async (db) => {
      const results: StoreResult[] = new Array<StoreResult>(messages.length);
      const chatIds = [...new Set(messages.map((m) => m.chatId))].sort();
      const created = await db.query<{ id: string }>(
        `INSERT INTO chats (id) SELECT id FROM unnest($1::text[]) AS id ORDER BY id
         ON CONFLICT DO NOTHING RETURNING id`,
        [chatIds],
      );
      const createdIds = new Set(created.rows.map((r) => r.id));
      const members = new Map<string, string[]>(chatIds.map((id) => [id, []]));
      const existing = chatIds.filter((id) => !createdIds.has(id));
      if (existing.length > 0) {
        const rows = await db.query<{ chat_id: string; user_id: string }>(
          'SELECT chat_id, user_id::text AS user_id FROM chat_members WHERE chat_id = ANY($1::text[])',
          [existing],
        );
        for (const row of rows.rows) members.get(row.chat_id)?.push(row.user_id);
      }

      const joins: [string, string][] = [];
      const admitted: Admitted[] = [];
      messages.forEach((message, index) => {
        const current = members.get(message.chatId) ?? [];
        let joining: string[] = [];
        if (createdIds.has(message.chatId) && current.length === 0) {
          joining = [...new Set([message.senderId, message.recipientId])];
        } else if (!current.includes(message.senderId)) {
          results[index] = { stored: false, code: 'NOT_A_MEMBER' };
          return;
        } else if (!current.includes(message.recipientId)) {
          if (current.length >= maxMembers) {
            results[index] = { stored: false, code: 'CHAT_FULL' };
            return;
          }
          joining = [message.recipientId];
        }
        const snapshot = [...current, ...joining];
        try {
          admitted.push({
            index,
            id: message.messageId.toLowerCase(),
            message,
            members: snapshot,
            outbox: outboxFor(message, snapshot),
          });
        } catch (error) {
          results[index] = { stored: false, code: 'EVENT_FAILED', error };
          return;
        }
        current.push(...joining);
        for (const user of joining) joins.push([message.chatId, user]);
      });
      if (joins.length > 0) {
        joins.sort(byKey);
        await db.query(
          `INSERT INTO chat_members (chat_id, user_id) SELECT * FROM unnest($1::text[], $2::uuid[])
           ON CONFLICT DO NOTHING`,
          [joins.map((j) => j[0]), joins.map((j) => j[1])],
        );
      }

      // The first message with an id is inserted; a later one with the same id (a retry that
      // caught up with its original) is answered from the first.
      const first = new Map<string, Admitted>();
      const repeats: Admitted[] = [];
      for (const a of admitted) {
        if (first.has(a.id)) repeats.push(a);
        else first.set(a.id, a);
      }
      const candidates = [...first.values()];
      const inserted = new Set<string>();
      if (candidates.length > 0) {
        const rows = await db.query<{ id: string }>(
          `INSERT INTO messages (id, chat_id, sender_id, body, sent_at)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[])
           ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`,
          [
            candidates.map((a) => a.message.messageId),
            candidates.map((a) => a.message.chatId),
            candidates.map((a) => a.message.senderId),
            candidates.map((a) => a.message.body),
            candidates.map((a) => a.message.sentAt.toISOString()),
          ],
        );
        for (const row of rows.rows) inserted.add(row.id);
      }
      const earlier = new Map<string, { senderId: string; sentAt: Date }>();
      const taken = candidates.filter((a) => !inserted.has(a.id)).map((a) => a.id);
      if (taken.length > 0) {
        const rows = await db.query<{ id: string; sender_id: string; sent_at: Date }>(
          'SELECT id::text AS id, sender_id::text AS sender_id, sent_at FROM messages WHERE id = ANY($1::uuid[])',
          [taken],
        );
        for (const row of rows.rows) earlier.set(row.id, { senderId: row.sender_id, sentAt: row.sent_at });
      }
      for (const a of candidates) {
        if (inserted.has(a.id)) {
          results[a.index] = { stored: true, members: a.members, sentAt: a.message.sentAt, replay: false };
          earlier.set(a.id, { senderId: a.message.senderId, sentAt: a.message.sentAt });
        }
      }
      for (const a of [...candidates.filter((c) => !inserted.has(c.id)), ...repeats]) {
        const original = earlier.get(a.id);
        results[a.index] =
          original?.senderId === a.message.senderId
            ? { stored: true, members: a.members, sentAt: original.sentAt, replay: true }
            : { stored: false, code: 'MESSAGE_ID_TAKEN' };
      }
      const outbox = candidates.filter((a) => inserted.has(a.id)).flatMap((a) => a.outbox);
      if (outbox.length > 0) await db.query(OUTBOX_INSERT_SQL, [outboxJson(outbox)]);
      return results;
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
