import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import Redis from 'ioredis';
import type { ChatConfig } from '../chat.config';
import { adapterErrorsBy } from '../chat.metrics';

type AdapterConstructor = ReturnType<typeof createShardedAdapter>;

/**
 * The socket.io adapter's own Redis connections (not the cache's client: a subscriber
 * connection can run nothing else, and the streams adapter blocks one on XREAD). The
 * publisher fails fast while Redis is away (an emit is lost, counted, and the recipient
 * catches up on reconnect); the subscriber queues and re-subscribes on reconnect.
 */
export class SocketAdapterConnections {
  readonly publisher: Redis;
  readonly subscriber: Redis;
  /** A connection closed since both were last ready: emits may have been lost meanwhile. */
  private interrupted = false;
  private readonly recoveredListeners: (() => void)[] = [];

  constructor(private readonly config: ChatConfig) {
    this.publisher = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.subscriber = new Redis(config.REDIS_URL, {
      // The streams adapter's blocking XREAD must not time out as a command.
      maxRetriesPerRequest: null,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Counted, not logged per error: a Redis restart would otherwise log thousands of lines.
    this.publisher.on('error', () => adapterErrorsBy.publisher.inc());
    this.subscriber.on('error', () => adapterErrorsBy.subscriber.inc());
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('close', () => (this.interrupted = true));
      connection.on('ready', () => void this.readyAgain());
    }
  }

  /**
   * Called each time both connections are ready again after either closed (a Redis restart,
   * a network cut): what the adapter carried meanwhile may be lost, so sockets need a catch-up.
   */
  onRecovered(listener: () => void): void {
    this.recoveredListeners.push(listener);
  }

  private async readyAgain(): Promise<void> {
    if (!this.interrupted || this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') return;
    this.interrupted = false;
    // ioredis re-subscribes as the connection turns ready; a PING behind those commands
    // answers once the subscriptions are live, so nothing published after the catch-up's
    // query can fall between. (The streams adapter blocks its connection on XREAD: no PING.)
    if (this.config.SOCKET_ADAPTER === 'sharded') await this.subscriber.ping().catch(() => undefined);
    for (const listener of this.recoveredListeners) listener();
  }

  /** The adapter SOCKET_ADAPTER names, on these connections. */
  adapter(): AdapterConstructor {
    const prefix = `${this.config.REDIS_KEY_PREFIX}:socket.io`;
    if (this.config.SOCKET_ADAPTER === 'streams') {
      return createStreamsAdapter(this.subscriber, { streamName: prefix }) as unknown as AdapterConstructor;
    }
    // Dynamic: each user's room gets its own shard channel, so a process receives only the
    // messages of users it holds (plus namespace-wide broadcasts).
    return createShardedAdapter(this.publisher, this.subscriber, {
      channelPrefix: prefix,
      subscriptionMode: 'dynamic',
    });
  }

  /** For /health: both connections ready. */
  healthIndicator() {
    return {
      name: 'socket-adapter',
      check: async () => {
        const publisher = this.publisher.status;
        const subscriber = this.subscriber.status;
        const up = publisher === 'ready' && subscriber === 'ready';
        return {
          status: up ? ('up' as const) : ('down' as const),
          adapter: this.config.SOCKET_ADAPTER,
          publisher,
          subscriber,
        };
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit().catch(() => undefined), this.subscriber.quit().catch(() => undefined)]);
  }
}
