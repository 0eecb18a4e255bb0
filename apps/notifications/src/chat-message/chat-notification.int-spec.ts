import { randomUUID } from 'node:crypto';
import { declareTopics, createKafka, EventPublisher, type KafkaClient } from '@perflab/messaging';
import { createTokenMinter, testEnv, type ThrowawayDatabase, waitFor } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessageEventOn } from '../shared/notification.events';
import { startTestApp, type TestApp } from '../testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from '../testing/test-stack';
import { chatNotificationId } from './chat-notification.service';

/** chat's chat.message.sent → one PUSH notification of type chat per offline recipient, once. */
describe('notifications for chat messages', () => {
  const names = isolatedNames('notif_chat');
  let database: ThrowawayDatabase;
  let app: TestApp;
  let kafka: KafkaClient;
  let pg: Client;

  beforeAll(async () => {
    const minter = await createTokenMinter();
    database = await createTestDatabase();
    kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'notif-chat-test', logLevel: 'nothing' });
    // chat produces chat.message.sent and declares its topic; this test stands in for chat.
    await declareTopics(kafka, [chatMessageEventOn(names.chatTopic)]);
    app = await startTestApp(serviceEnv(names, database.url, minter.publicKeysJson));
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await kafka?.disconnect();
    await cleanUp(names);
    await database?.drop();
  });

  it('notifies each offline recipient once, even when the event comes twice; online ones not at all', async () => {
    const [sender, online, offlineA, offlineB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const messageId = randomUUID();
    const value = {
      messageId,
      chatId: `group-${messageId}`,
      senderId: sender,
      recipientIds: [online, offlineA, offlineB],
      offlineRecipientIds: [offlineA, offlineB.toUpperCase()],
      preview: 'are you there?',
      sentAt: new Date().toISOString(),
    };
    const publisher = new EventPublisher(kafka);
    try {
      await publisher.publish(chatMessageEventOn(names.chatTopic), value.chatId, value);
      await publisher.publish(chatMessageEventOn(names.chatTopic), value.chatId, value);
    } finally {
      await publisher.disconnect();
    }
    const ids = [chatNotificationId(messageId, offlineA), chatNotificationId(messageId, offlineB)];
    const rows = await waitFor(
      async () => {
        const r = await pg.query<{
          id: string;
          user_id: string;
          type: string;
          channel: string;
          body: string;
          status: string;
        }>(
          `SELECT id::text, user_id::text, type, channel::text, body, status::text FROM notifications.notifications
           WHERE user_id = ANY($1::uuid[]) ORDER BY user_id`,
          [[sender, online, offlineA, offlineB]],
        );
        return r.rows.length === 2 && r.rows.every((row) => row.status === 'SENT') && r.rows;
      },
      { timeoutMs: 30_000, what: 'both offline recipients notified and delivered' },
    );
    expect(rows.map((r) => [r.user_id, r.type, r.channel, r.body]).sort()).toEqual(
      [
        [offlineA, 'chat', 'PUSH', 'are you there?'],
        [offlineB, 'chat', 'PUSH', 'are you there?'],
      ].sort(),
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const data = await pg.query('SELECT data FROM notifications.notifications WHERE id = $1', [ids[0]]);
    expect(data.rows[0].data).toMatchObject({ chatId: value.chatId, messageId, senderId: sender });
  });
});
