import { randomUUID } from 'node:crypto';
import { waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatClient,
  chatEnv,
  cleanUp,
  createTestDatabase,
  createTokenMinter,
  isolatedNames,
  spawnChat,
  type ChatClient,
  type SpawnedChat,
} from './testing/chat-test-stack';

/** The limits a deployment sets: connections per process, largest packet. One worker, small limits. */
describe('chat limits', () => {
  const names = isolatedNames('chat_limits');
  let database: ThrowawayDatabase;
  let chat: SpawnedChat;
  let minter: Awaited<ReturnType<typeof createTokenMinter>>;
  const clients: ChatClient[] = [];
  const client = async () => {
    const c = chatClient(chat.url, await minter.token(randomUUID()), { reconnection: false });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    minter = await createTokenMinter();
    chat = await spawnChat({
      ...chatEnv(names, database.url, minter.publicKeysJson),
      WORKERS: '1',
      SOCKET_MAX_CONNECTIONS: '2',
      SOCKET_MAX_PAYLOAD_BYTES: '2048',
    });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await chat?.kill();
    await database?.drop();
    await cleanUp(names);
  });

  it('refuses the connection past SOCKET_MAX_CONNECTIONS, and accepts again once one leaves', async () => {
    const [first, second, third] = [await client(), await client(), await client()];
    await first.connect();
    await second.connect();
    await expect(third.connect()).rejects.toThrow();
    expect(third.socket.connected).toBe(false);
    first.close();
    const fourth = await client();
    await waitFor(
      async () =>
        fourth.connect().then(
          () => true,
          () => false,
        ),
      { what: 'a free slot' },
    );
    second.close();
    fourth.close();
  });

  it('drops a socket that sends a packet larger than SOCKET_MAX_PAYLOAD_BYTES', async () => {
    const c = await client();
    // The first test's sockets may still be leaving: wait for a free slot.
    await waitFor(
      async () =>
        c.connect().then(
          () => true,
          () => false,
        ),
      { what: 'a free slot' },
    );
    const reasons: string[] = [];
    c.socket.on('disconnect', (reason) => reasons.push(reason));
    c.socket.emit('send_message', { recipientId: randomUUID(), chatId: 'big', message: 'x'.repeat(4_000) });
    await waitFor(() => reasons.length === 1, { what: 'the socket to be dropped' });
    expect(reasons[0]).toMatch(/^transport (close|error)$/);
  });
});
