import { randomUUID } from 'node:crypto';
import { throwawayRedis, waitFor } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';
import { send, type ChatClient } from './testing/chat-test-stack';

/**
 * The adapter's Redis restarting under a running chat (two cluster workers on a redis-server
 * of the test's own): a message acknowledged while Redis is away is durable in Postgres; a
 * recipient who stays connected must still get it, without reconnecting, once Redis is back.
 * Six senders connect after the recipient: the primary hands connections to the workers in
 * turn (roughly: a busy worker is skipped), so some send from the other worker.
 */
describe.each(['sharded', 'streams'] as const)('chat across a Redis restart, %s adapter', (adapter) => {
  const redis = throwawayRedis();
  beforeAll(async () => (await redis).start());
  afterAll(async () => (await redis).stop());
  const stack = chatSpecStack(`chat_redis_${adapter}`, {
    env: async () => ({ REDIS_URL: (await redis).url, SOCKET_ADAPTER: adapter }),
    reconnection: false,
  });
  const connect = (userId: string) => stack.connect(userId);

  it('delivers what was acknowledged while Redis was down to a recipient who stayed connected, once', async () => {
    const recipientId = randomUUID();
    const senders = Array.from({ length: 6 }, () => randomUUID());
    const recipient = await connect(recipientId);
    const senderSockets: ChatClient[] = [];
    for (const sender of senders) senderSockets.push(await connect(sender));
    const chatIds = senders.map((s) => `restart-${s}`);
    const socketId = recipient.socket.id;
    let disconnects = 0;
    recipient.socket.on('disconnect', () => disconnects++);

    const before = await send(senderSockets[0], { recipientId, chatId: chatIds[0], message: 'before' });
    expect(before).toHaveProperty('messageId');
    await waitFor(() => recipient.received.length === 1, { what: 'the message sent before the restart' });

    await (await redis).stop();
    await waitFor(async () => (await stack.chat.request('GET', '/health')).status === 503, {
      what: 'chat to see its Redis gone',
    });
    const acks = await Promise.all(
      senderSockets.map((socket, i) => send(socket, { recipientId, chatId: chatIds[i], message: `during ${i}` })),
    );
    const acked = acks.map((ack) => {
      expect(ack).toEqual({ messageId: expect.any(String), sentAt: expect.any(String) });
      return (ack as { messageId: string }).messageId;
    });

    await (await redis).start();
    await waitFor(() => acked.every((id) => recipient.received.some((m) => m.messageId === id)), {
      what: 'the messages acknowledged during the outage',
      timeoutMs: 30_000,
    });
    // Without reconnecting, and each once (the client dedupes by messageId, as every client must).
    expect(recipient.socket.id).toBe(socketId);
    expect(recipient.socket.connected).toBe(true);
    expect(disconnects).toBe(0);
    expect(recipient.received.map((m) => m.message).sort()).toEqual([
      'before',
      ...senders.map((_, i) => `during ${i}`),
    ]);
    // A worker counts `local` when its own Redis client reconnects, which can come after the
    // messages already arrived by way of the other worker's recovery: wait for it, do not read once.
    await waitFor(
      async () =>
        /^chat_adapter_recoveries_total\{trigger="local"\} [1-9]/m.test(
          (await stack.chat.request('GET', '/metrics')).text,
        ),
      { what: 'chat_adapter_recoveries_total{trigger="local"} > 0 on /metrics' },
    );
  });
});
