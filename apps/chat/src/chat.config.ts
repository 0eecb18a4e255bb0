import { tokenVerifierEnv } from '@perflab/auth-guard';
import { env, infrastructureEnv, loadConfig, loadConfigOrExit } from '@perflab/config';
import { outboxPublishingEnv } from '@perflab/messaging';

/**
 * Everything the chat service reads from the environment, validated once at start-up.
 * Defaults run the local stack (`npm run stack -- up`) with auth on port 3001.
 */
export const chatEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3003),
  BODY_LIMIT_BYTES: env.int(65_536, 1_024, 10_485_760),

  // Tokens are verified locally against auth's public keys, once per connection (the handshake).
  ...tokenVerifierEnv,

  // Sockets.
  /** How messages cross workers and instances: the sharded Redis pub/sub adapter or the Redis Streams adapter. */
  SOCKET_ADAPTER: env.oneOf(['sharded', 'streams'] as const, 'streams'),
  /** Largest socket.io packet a client may send (maxHttpBufferSize); a larger one closes the socket. */
  SOCKET_MAX_PAYLOAD_BYTES: env.int(16_384, 1_024, 1_048_576),
  /** Sockets one process (cluster worker) holds; the next handshake is refused with TOO_MANY_CONNECTIONS. */
  SOCKET_MAX_CONNECTIONS: env.int(20_000, 1, 1_000_000),
  SOCKET_PING_INTERVAL_MS: env.int(25_000, 1_000, 300_000),
  SOCKET_PING_TIMEOUT_MS: env.int(20_000, 1_000, 300_000),
  /** Per-socket send_message rate: a token bucket refilled at this many per second... */
  MESSAGE_RATE_PER_SECOND: env.int(20, 1, 10_000),
  /** ...holding at most this many (a burst). */
  MESSAGE_BURST: env.int(40, 1, 100_000),
  MESSAGE_MAX_LENGTH: env.int(4_000, 1, 100_000),
  /** A chat grows by messages to new recipients up to this many members. */
  CHAT_MAX_MEMBERS: env.int(1_000, 2, 100_000),
  /** Group commit: at most this many messages stored in one transaction... */
  SEND_BATCH_MAX: env.int(200, 1, 10_000),
  /** ...and this many such transactions at once per process; sends arriving meanwhile join the next. */
  SEND_COMMITS_IN_FLIGHT: env.int(2, 1, 64),

  // Catch-up on reconnect (handshake auth.lastSeenMessageId).
  /** Messages sent this long before the last seen one are sent again (clients dedupe by id): commits land out of order. */
  CATCH_UP_OVERLAP_MS: env.int(5_000, 0, 600_000),
  /** At most this many per reconnect; older ones are read through GET /chats/:chatId/messages. */
  CATCH_UP_LIMIT: env.int(500, 1, 10_000),

  // Presence: which recipients have a connected socket somewhere (who notifications should tell).
  PRESENCE_TTL_SECONDS: env.int(60, 5, 3_600),

  // Kafka (chat.message.sent.v1 through the outbox).
  CHAT_MESSAGES_TOPIC: env.string('chat.message.sent.v1'),
  ...outboxPublishingEnv,

  // Redis.
  REDIS_KEY_PREFIX: env.string('chat'),

  // REST bounds.
  PAGE_SIZE_DEFAULT: env.int(50, 1, 1_000),
  PAGE_SIZE_MAX: env.int(200, 1, 1_000),
};

export type ChatConfig = ReturnType<typeof loadChatConfig>;

export function loadChatConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(chatEnv, source);
}

export function loadChatConfigOrExit(): ChatConfig {
  return loadConfigOrExit(chatEnv);
}
