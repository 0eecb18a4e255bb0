import { applyMigrations } from '@perflab/database';
import { createKafka, deleteTopics } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  deleteRedisKeys,
  httpClient,
  spawnService,
  testEnv,
  uniqueName,
  waitFor,
  type HttpRequest,
  type SpawnedService,
  type ThrowawayDatabase,
} from '@perflab/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { io, type Socket } from 'socket.io-client';

/** A migrated database of its own (perflab_test_chat_…). */
export async function createTestDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('chat');
  await applyMigrations({ url: database.url, service: 'chat' });
  return database;
}

/** A key pair standing in for auth's: tokens minted here verify against AUTH_PUBLIC_KEYS. */
export async function createTokenMinter() {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' }] };
  const key: CryptoKey = pair.privateKey;
  return {
    publicKeysJson: JSON.stringify(jwks),
    token: (userId: string, expiresIn = '10m') =>
      new SignJWT({ email: `user-${userId.slice(0, 8)}@example.com`, role: 'USER' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setSubject(userId)
        .setIssuedAt()
        .setIssuer('perflab-auth')
        .setAudience('perflab')
        .setExpirationTime(expiresIn)
        .sign(key),
  };
}

/** Unique topic and Redis prefix for one test file. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return { topic: `test.${id}.v1`, redisPrefix: `test:${id}` };
}
export type IsolatedNames = ReturnType<typeof isolatedNames>;

export function chatEnv(names: IsolatedNames, databaseUrl: string, publicKeysJson: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WORKERS: '2',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testEnv.redisUrl,
    KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
    KAFKA_CLIENT_ID: 'chat-test',
    CHAT_MESSAGES_TOPIC: names.topic,
    REDIS_KEY_PREFIX: names.redisPrefix,
    AUTH_PUBLIC_KEYS: publicKeysJson,
  };
}

export interface SpawnedChat {
  service: SpawnedService;
  url: string;
  request: HttpRequest;
  kill(): Promise<void>;
}

/** The real main.ts (a cluster primary and its workers) in a child process; resolves once healthy. */
export async function spawnChat(env: Record<string, string>): Promise<SpawnedChat> {
  const service = await spawnService('apps/chat/src/main.ts', env);
  const request = httpClient(service.url);
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) throw new Error(`service exited: ${service.stderr().slice(-2_000)}`);
      return (await request('GET', '/health').catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the chat service to be healthy' },
  );
  return { service, url: service.url, request, kill: service.stop };
}

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
  const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'chat-test-cleanup', logLevel: 'nothing' });
  try {
    await deleteTopics(kafka, [names.topic, `${names.topic}.dlt`]);
  } finally {
    await kafka.disconnect();
  }
  await deleteRedisKeys(`${names.redisPrefix}:*`);
}
