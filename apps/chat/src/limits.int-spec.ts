import { randomUUID } from 'node:crypto';
import { waitFor } from '@perflab/testing';
import { describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';
import type { ChatClient } from './testing/chat-test-stack';

/** The limits a deployment sets: connections per process, largest packet. One worker, small limits. */
describe('chat limits', () => {
  const stack = chatSpecStack('chat_limits', {
    env: { WORKERS: '1', SOCKET_MAX_CONNECTIONS: '2', SOCKET_MAX_PAYLOAD_BYTES: '2048' },
    reconnection: false,
  });
  const client = () => stack.client();
  /** Connects as soon as the process has a free slot (a socket that just closed may still hold one). */
  const connectOnceFree = (c: ChatClient) =>
    waitFor(
      () =>
        c.connect().then(
          () => true,
          () => false,
        ),
      { what: 'a free slot' },
    );

  it('refuses the connection past SOCKET_MAX_CONNECTIONS, and accepts again once one leaves', async () => {
    const [first, second, third] = [await client(), await client(), await client()];
    await first.connect();
    await second.connect();
    await expect(third.connect()).rejects.toThrow();
    expect(third.socket.connected).toBe(false);
    first.close();
    const fourth = await client();
    await connectOnceFree(fourth);
    second.close();
    fourth.close();
  });

  it('drops a socket that sends a packet larger than SOCKET_MAX_PAYLOAD_BYTES', async () => {
    const c = await client();
    await connectOnceFree(c); // the first test's sockets may still be leaving
    const reasons: string[] = [];
    c.socket.on('disconnect', (reason) => reasons.push(reason));
    c.socket.emit('send_message', { recipientId: randomUUID(), chatId: 'big', message: 'x'.repeat(4_000) });
    await waitFor(() => reasons.length === 1, { what: 'the socket to be dropped' });
    expect(reasons[0]).toMatch(/^transport (close|error)$/);
  });
});
