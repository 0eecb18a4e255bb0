import { applyMigrations } from '@perflab/database';
import { deleteKafkaLeftovers } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  deleteRedisKeys,
  serviceTestEnv,
  spawnHealthyApp,
  testEnv,
  uniqueName,
  type SpawnedApp,
  type ThrowawayDatabase,
} from '@perflab/testing';
import { io, type Socket } from 'socket.io-client';

/** A migrated database of its own (perflab_test_chat_…). */
export async function createTestDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('chat');
  await applyMigrations({ url: database.url, service: 'chat' });
  return database;
}

/** Unique topic and Redis prefix for one test file. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return { topic: `test.${id}.v1`, redisPrefix: `test:${id}` };
}
export type IsolatedNames = ReturnType<typeof isolatedNames>;

export function chatEnv(names: IsolatedNames, databaseUrl: string, publicKeysJson: string): Record<string, string> {
  return {
    ...serviceTestEnv('chat', databaseUrl),
    // Two workers: a message must cross processes through the socket adapter.
    WORKERS: '2',
    CHAT_MESSAGES_TOPIC: names.topic,
    REDIS_KEY_PREFIX: names.redisPrefix,
    AUTH_PUBLIC_KEYS: publicKeysJson,
  };
}

export type SpawnedChat = SpawnedApp;

/** The real main.ts (a cluster primary and its workers) in a child process; resolves once healthy. */
export const spawnChat = (env: Record<string, string>): Promise<SpawnedChat> =>
  spawnHealthyApp('apps/chat/src/main.ts', env);

export interface NewMessage {
  messageId: string;
  chatId: string;
  senderId: string;
  message: string;
  sentAt: string;
}

/** A socket.io client as an app would hold it: dedupes by messageId, remembers the last one seen for catch-up. */
export interface ChatClient {
  socket: Socket;
  received: NewMessage[];
  /** The worker pid that holds this socket (from the handshake's reply), when known. */
  connect(): Promise<void>;
  close(): void;
}

export function chatClient(
  url: string,
  token: string | (() => string),
  options: { reconnection?: boolean } = {},
): ChatClient {
  const received: NewMessage[] = [];
  const seen = new Set<string>();
  let lastSeenMessageId: string | undefined;
  const socket = io(url, {
    transports: ['websocket'],
    autoConnect: false,
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    // Re-read on every (re)connect: the token and the last message seen.
    auth: (cb) => cb({ token: typeof token === 'function' ? token() : token, lastSeenMessageId }),
  });
  socket.on('new_message', (message: NewMessage) => {
    if (seen.has(message.messageId)) return;
    seen.add(message.messageId);
    received.push(message);
    lastSeenMessageId = message.messageId;
  });
  return {
    socket,
    received,
    connect: () =>
      new Promise<void>((resolve, reject) => {
        socket.once('caught_up', () => resolve());
        socket.once('connect_error', reject);
        socket.connect();
      }),
    close: () => void socket.disconnect(),
  };
}

export type SendAck =
  { messageId: string; sentAt: string } | { error: { status: number; code: string; field?: string; message: string } };

export function send(client: ChatClient, payload: unknown, timeoutMs = 10_000): Promise<SendAck> {
  return client.socket.timeout(timeoutMs).emitWithAck('send_message', payload) as Promise<SendAck>;
}

/** Deletes what a test file created in Kafka and Redis. */
export async function cleanUp(names: IsolatedNames): Promise<void> {
  await deleteKafkaLeftovers(testEnv.kafkaBrokers, { topics: [names.topic] });
  await deleteRedisKeys(`${names.redisPrefix}:*`);
}
