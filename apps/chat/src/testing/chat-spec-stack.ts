import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@perflab/database';
import { createTokenMinter, type ThrowawayDatabase, type TokenMinter } from '@perflab/testing';
import { afterAll, beforeAll } from 'vitest';
import { PrismaClient } from '../chat.prisma';
import { startChatTestApp, type ChatTestApp } from './chat-test-app';
import {
  chatClient,
  chatEnv,
  cleanUp,
  createTestDatabase,
  isolatedNames,
  spawnChat,
  type ChatClient,
  type IsolatedNames,
  type SpawnedChat,
} from './chat-test-stack';

type EnvOverrides = Record<string, string>;

export interface ChatSpecOptions {
  /** Over chatEnv's (two workers, the file's own topic and Redis prefix); a function runs once the database exists. */
  env?: EnvOverrides | ((database: ThrowawayDatabase) => EnvOverrides | Promise<EnvOverrides>);
  /** Whether the clients this stack opens reconnect after a drop (default true, as an app's would). */
  reconnection?: boolean;
}

export interface ClientOptions {
  reconnection?: boolean;
  /** This token instead of one minted for the user (a forged or expired one, say). */
  token?: string;
}

export interface ChatSpecDatabase {
  readonly names: IsolatedNames;
  /** The file's own migrated database. */
  readonly database: ThrowawayDatabase;
  /** The service's client on that database, opened on first use (what a test reads or breaks in SQL). */
  readonly store: Database<PrismaClient>;
}

/**
 * A chat spec's database and names: a migrated database of its own, created before the file's
 * tests and dropped after them, with the file's Kafka topic and Redis keys. Registers its own
 * beforeAll/afterAll.
 */
export function chatSpecDatabase(prefix: string): ChatSpecDatabase {
  const names = isolatedNames(prefix);
  let database: ThrowawayDatabase | undefined;
  let store: Database<PrismaClient> | undefined;
  const created = () => {
    if (!database) throw new Error('the chat spec database is used before its beforeAll ran');
    return database;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    await cleanUp(names);
  });

  return {
    names,
    get database() {
      return created();
    },
    get store() {
      store ??= createDatabase(PrismaClient, { service: 'chat', url: created().url, poolSize: 3 });
      return store;
    },
  };
}

export interface ChatSpecStack<Chat> extends ChatSpecDatabase {
  readonly minter: TokenMinter;
  /** The running service: `url` and `request` either way; `service`/`kill` when spawned, `app` when in-process. */
  readonly chat: Chat;
  /** A socket.io client for the user (a new one by default), not yet connected; closed at the end. */
  client(userId?: string, options?: ClientOptions): Promise<ChatClient>;
  /** The same, connected and caught up. */
  connect(userId?: string, options?: ClientOptions): Promise<ChatClient>;
  /** Closes every client opened so far (for an afterEach). */
  closeClients(): void;
}

/**
 * One chat int-spec's stack: a migrated database, a token minter whose keys the service trusts,
 * the service (by default main.ts with its two cluster workers in a child process; `inProcess`
 * for the app in the test's own process) and the clients a test opens. Registers its own
 * beforeAll/afterAll: hooks a spec registers before this call run before it starts and after
 * it stops (vitest runs after-hooks in reverse), those registered after see it running.
 */
export function chatSpecStack(prefix: string, options?: ChatSpecOptions): ChatSpecStack<SpawnedChat>;
export function chatSpecStack(
  prefix: string,
  options: ChatSpecOptions & { inProcess: true },
): ChatSpecStack<ChatTestApp>;
export function chatSpecStack(
  prefix: string,
  options: ChatSpecOptions & { inProcess?: boolean } = {},
): ChatSpecStack<SpawnedChat | ChatTestApp> {
  const base = chatSpecDatabase(prefix);
  const clients: ChatClient[] = [];
  let running: { minter: TokenMinter; chat: SpawnedChat | ChatTestApp } | undefined;
  let chat: SpawnedChat | ChatTestApp | undefined;
  const started = () => {
    if (!running) throw new Error('the chat spec stack is used before its beforeAll ran');
    return running;
  };

  // After the database's hooks: starts once it exists, stops before it is dropped.
  beforeAll(async () => {
    const minter = await createTokenMinter();
    const overrides = typeof options.env === 'function' ? await options.env(base.database) : options.env;
    const env = { ...chatEnv(base.names, base.database.url, minter.publicKeysJson), ...overrides };
    chat = options.inProcess ? await startChatTestApp(env) : await spawnChat(env);
    running = { minter, chat };
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    if (chat) await ('kill' in chat ? chat.kill() : chat.close());
  });

  const client = async (userId: string = randomUUID(), { token, reconnection }: ClientOptions = {}) => {
    const { chat, minter } = started();
    const opened = chatClient(chat.url, token ?? (await minter.token(userId)), {
      reconnection: reconnection ?? options.reconnection ?? true,
    });
    clients.push(opened);
    return opened;
  };

  return {
    names: base.names,
    get database() {
      return base.database;
    },
    get store() {
      return base.store;
    },
    get minter() {
      return started().minter;
    },
    get chat() {
      return started().chat;
    },
    client,
    async connect(userId, clientOptions) {
      const opened = await client(userId, clientOptions);
      await opened.connect();
      return opened;
    },
    closeClients() {
      for (const opened of clients.splice(0)) opened.close();
    },
  };
}
