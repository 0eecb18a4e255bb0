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
  type SpawnedChat,
} from './testing/chat-test-stack';

/**
 * Graceful shutdown tells clients to go elsewhere: connections are dropped at the transport
 * ("transport close", which socket.io clients answer by reconnecting), not with socket.io's
 * DISCONNECT ("io server disconnect", which tells them not to), and the process exits 0.
 */
describe('chat shutdown', () => {
  const names = isolatedNames('chat_stop');
  let database: ThrowawayDatabase;
  let chat: SpawnedChat;
  let minter: Awaited<ReturnType<typeof createTokenMinter>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    minter = await createTokenMinter();
    // LOG_LEVEL info: the shutdown's own lines (worker exited, shutdown complete) explain a failure.
    chat = await spawnChat({ ...chatEnv(names, database.url, minter.publicKeysJson), LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await chat?.kill();
    await database?.drop();
    await cleanUp(names);
  });

  it('SIGTERM drops every socket at the transport, so clients reconnect, and exits 0', async () => {
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = chatClient(chat.url, await minter.token(randomUUID()));
        await client.connect();
        return client;
      }),
    );
    const reasons: string[] = [];
    for (const client of clients) client.socket.on('disconnect', (reason) => reasons.push(reason));

    chat.service.child.kill('SIGTERM');
    await waitFor(() => reasons.length === clients.length, { what: 'every client to be dropped' });
    expect(new Set(reasons)).toEqual(new Set(['transport close']));
    // socket.io clients reconnect after "transport close" (they would not after "io server disconnect").
    expect(clients.every((c) => c.socket.active)).toBe(true);
    expect(await chat.service.exited, chat.service.outputTail()).toEqual({ code: 0, signal: null });
    for (const client of clients) client.close();
  });
});
