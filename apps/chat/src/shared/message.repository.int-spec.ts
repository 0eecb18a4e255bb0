import { randomUUID } from 'node:crypto';
import { chatMessageSent } from '@perflab/contracts';
import { createRedisClient, type RedisClient } from '@perflab/cache';
import { outboxEntries } from '@perflab/messaging';
import { testEnv } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChatConfig } from '../chat.config';
import { MessagesNotStoredError } from '../send-message/messages-not-stored.error';
import { SendMessageService } from '../send-message/send-message.service';
import { chatSpecDatabase } from '../testing/chat-spec-stack';
import { MessageRepository, type NewMessage, type OutboxFor } from './message.repository';
import { Presence } from './presence';

/** Group commit on real Postgres: many messages, one transaction, one result each. */
describe('MessageRepository.storeMany', () => {
  const stack = chatSpecDatabase('chat-batch');
  const { names } = stack;
  let repository: MessageRepository;
  let redis: RedisClient;

  beforeAll(async () => {
    repository = new MessageRepository(stack.store);
    redis = createRedisClient({ url: testEnv.redisUrl });
    await redis.connect();
  });
  afterAll(() => redis?.disconnect());

  const message = (senderId: string, recipientId: string, chatId: string, body = 'hi'): NewMessage => ({
    messageId: randomUUID(),
    chatId,
    senderId,
    recipientId,
    body,
    sentAt: new Date(),
  });
  const event = (message: NewMessage, members: string[]) => ({
    key: message.chatId,
    value: {
      messageId: message.messageId,
      chatId: message.chatId,
      senderId: message.senderId,
      recipientIds: members.filter((m) => m !== message.senderId),
      offlineRecipientIds: [],
      preview: message.body,
      sentAt: message.sentAt.toISOString(),
    },
  });
  const outboxFor: OutboxFor = (m, members) => outboxEntries(chatMessageSent, [event(m, members)]);
  const storedIds = async (ids: string[]) =>
    (
      await stack.store.pool.query<{ id: string }>('SELECT id::text AS id FROM messages WHERE id = ANY($1::uuid[])', [
        ids,
      ])
    ).rows.map((r) => r.id);
  const outboxIds = async (ids: string[]) =>
    (
      await stack.store.pool.query<{ id: string }>(
        "SELECT payload->>'messageId' AS id FROM outbox_events WHERE payload->>'messageId' = ANY($1::text[])",
        [ids],
      )
    ).rows.map((r) => r.id);
  const membersOf = async (chatId: string) => (await repository.membersOf([chatId])).get(chatId)?.sort();

  it('stores a mixed batch in one transaction: refused messages fail alone, the rest as if sent one by one', async () => {
    const [alice, bob, carol, mallory] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const full = `full-${alice}`;
    await repository.storeMany([message(alice, bob, full)], 2, outboxFor);
    const taken = message(alice, bob, full);
    await repository.storeMany([taken], 2, outboxFor);

    const fresh = `fresh-${alice}`;
    const batch = [
      message(alice, bob, full, 'ok'), // 0 stored
      message(mallory, bob, full), // 1 NOT_A_MEMBER
      message(alice, carol, full), // 2 CHAT_FULL (2 members at most)
      { ...message(bob, alice, full), messageId: taken.messageId }, // 3 MESSAGE_ID_TAKEN (alice's id)
      message(alice, carol, fresh, 'creates'), // 4 stored, creates the chat {alice, carol}
      message(carol, alice, fresh, 'answers'), // 5 stored: carol is a member since 4
      message(bob, carol, fresh), // 6 NOT_A_MEMBER of the chat 4 created
      message(carol, alice, fresh, 'no event'), // 7 EVENT_FAILED: its event cannot be built
    ];
    const results = await repository.storeMany(batch, 2, (m, members) => {
      if (m.body === 'no event') throw new Error('contract says no');
      return outboxFor(m, members);
    });

    expect(results.map((r) => (r.stored ? 'stored' : r.code))).toEqual([
      'stored',
      'NOT_A_MEMBER',
      'CHAT_FULL',
      'MESSAGE_ID_TAKEN',
      'stored',
      'stored',
      'NOT_A_MEMBER',
      'EVENT_FAILED',
    ]);
    expect(results[4]).toMatchObject({ replay: false, sentAt: batch[4].sentAt });
    expect(results[5]).toMatchObject({ members: [alice, carol] });
    const stored = [batch[0], batch[4], batch[5]].map((m) => m.messageId).sort();
    const all = batch.map((m) => m.messageId).filter((id) => id !== taken.messageId);
    expect((await storedIds(all)).sort()).toEqual(stored);
    expect((await outboxIds(all)).sort()).toEqual(stored);
    // Neither the refused nor the failed messages changed who is in the chats.
    expect(await membersOf(full)).toEqual([alice, bob].sort());
    expect(await membersOf(fresh)).toEqual([alice, carol].sort());
    // History keeps the batch's order.
    const page = await repository.page(fresh, undefined, 10);
    expect(page.items.map((m) => m.message)).toEqual(['answers', 'creates']);
  });

  it('a retried send is acknowledged again with the original sentAt and stored once, in the same batch or later', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const original = message(alice, bob, `replay-${alice}`);
    const retry = { ...original, sentAt: new Date(original.sentAt.getTime() + 1_000) };
    const [first, sameBatch] = await repository.storeMany([original, retry], 1_000, outboxFor);
    const [later] = await repository.storeMany(
      [{ ...retry, messageId: original.messageId.toUpperCase() }],
      1_000,
      outboxFor,
    );
    const members = expect.arrayContaining([alice, bob]) as string[];
    expect(first).toEqual({ stored: true, members, sentAt: original.sentAt, replay: false });
    expect(sameBatch).toEqual({ stored: true, members, sentAt: original.sentAt, replay: true });
    expect(later).toEqual({ stored: true, members, sentAt: original.sentAt, replay: true });
    expect(await storedIds([original.messageId])).toHaveLength(1);
    expect(await outboxIds([original.messageId])).toHaveLength(1);
  });

  it('a failed commit fails every send of its batch with a retryable error; the retries are stored once', async () => {
    const config = loadChatConfig({ ...process.env, REDIS_KEY_PREFIX: names.redisPrefix, SEND_COMMITS_IN_FLIGHT: '1' });
    const service = new SendMessageService(repository, new Presence(redis, config), chatMessageSent, config);
    const [alice, bob] = [randomUUID(), randomUUID()];
    const payloads = ['fine', 'boom', 'also fine'].map((text) => ({
      recipientId: bob,
      chatId: `fail-${alice}`,
      message: text,
      messageId: randomUUID(),
    }));
    // A statement that fails inside the transaction: the whole batch rolls back.
    await stack.store.pool.query("ALTER TABLE messages ADD CONSTRAINT no_boom CHECK (body <> 'boom')");
    try {
      const outcomes = await Promise.allSettled(payloads.map((p) => service.send(alice, p)));
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as MessagesNotStoredError;
        expect(reason).toBeInstanceOf(MessagesNotStoredError);
        expect(reason.retryable).toBe(true);
      }
      expect(await storedIds(payloads.map((p) => p.messageId))).toEqual([]);
    } finally {
      await stack.store.pool.query('ALTER TABLE messages DROP CONSTRAINT no_boom');
    }
    const retried = await Promise.all(payloads.map((p) => service.send(alice, p)));
    expect(retried.map((r) => [r.view.messageId, r.replay])).toEqual(payloads.map((p) => [p.messageId, false]));
    expect((await storedIds(payloads.map((p) => p.messageId))).sort()).toEqual(payloads.map((p) => p.messageId).sort());
    await service.onModuleDestroy();
  });
});
