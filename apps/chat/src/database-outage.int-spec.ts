import { randomUUID } from 'node:crypto';
import { startTcpProxy, waitFor, type TcpProxy } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';
import { send, type ChatClient } from './testing/chat-test-stack';

/**
 * Postgres going away under a running chat (reached through a proxy that is then cut; the
 * shared Postgres keeps running for everyone): a send that cannot be made durable is not
 * acknowledged, and its error ack says to retry; the same send retried later is stored once.
 */
describe('chat while Postgres is unreachable', () => {
  let proxy: TcpProxy;
  afterAll(async () => proxy?.close());
  const stack = chatSpecStack('chat_pg_outage', {
    inProcess: true,
    env: async (database) => {
      const target = new URL(database.url);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      target.port = String(proxy.port);
      return { DATABASE_URL: target.toString() };
    },
  });
  let sender: ChatClient;
  let recipient: ChatClient;
  const [senderId, recipientId] = [randomUUID(), randomUUID()];
  const chatId = `outage-${recipientId}`;

  beforeAll(async () => {
    [sender, recipient] = await Promise.all([stack.connect(senderId), stack.connect(recipientId)]);
  });

  it('acks 503 with retryAfterMs while the message cannot be stored, and stores the retry once', async () => {
    expect(await send(sender, { recipientId, chatId, message: 'before' })).toHaveProperty('messageId');
    await proxy.cut();

    const messageId = randomUUID();
    const payload = { recipientId, chatId, message: 'during', messageId };
    expect(await send(sender, payload)).toEqual({
      error: {
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: 'A dependency is temporarily unavailable; retry later',
        retryAfterMs: expect.any(Number),
      },
    });
    const metrics = await fetch(`${stack.chat.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^chat_messages_failed_total\{code="DEPENDENCY_UNAVAILABLE"\} [1-9]/m);

    // The client retries as the ack says; once Postgres is back the same send goes through, once.
    await proxy.restore();
    const retried = await waitFor(
      async () => {
        const ack = await send(sender, payload);
        return 'messageId' in ack ? ack : undefined;
      },
      { what: 'the retried send to be acknowledged', intervalMs: 200 },
    );
    expect(retried.messageId).toBe(messageId);
    expect(await send(sender, payload)).toMatchObject({ messageId, sentAt: retried.sentAt });
    await waitFor(() => recipient.received.some((m) => m.messageId === messageId), { what: 'the retried message' });
    expect(recipient.received.map((m) => m.message)).toEqual(['before', 'during']);
  });
});
