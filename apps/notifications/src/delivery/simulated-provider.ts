import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from '@perflab/cache';
import type { NotificationChannel } from '@perflab/contracts';
import { ProviderError, type ChannelProvider, type DeliveryReceipt, type DeliveryRequest } from './channel-provider';

const SEND_ONCE_AND_LOG = `
if redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return 1
end
return 0`;

export interface SimulatedProviderOptions {
  latencyMs: number;
  /** 0..1: the share of calls that fail, at random. */
  failureRate: number;
  /** Where the provider keeps its idempotency keys (its own state, like a real provider's). */
  redis: RedisClient;
  keyPrefix: string;
  idempotencyTtlSeconds: number;
  /** When set, every delivery is logged here (HINCRBY <key> <notificationId> 1; test use, single Redis node: the script touches two keys). */
  ledgerKey?: string;
  random?: () => number;
}

/**
 * Stands in for an external provider: it takes `latencyMs` (±25 %), fails `failureRate`
 * of the calls, and honours an idempotency key (the notification id) the way real
 * providers do, so a retry after a lost acknowledgement is not delivered twice.
 */
export class SimulatedProvider implements ChannelProvider {
  private readonly random: () => number;

  constructor(
    readonly channel: NotificationChannel,
    private readonly options: SimulatedProviderOptions,
  ) {
    this.random = options.random ?? Math.random;
  }

  async send(request: DeliveryRequest): Promise<DeliveryReceipt> {
    const { latencyMs, failureRate } = this.options;
    if (latencyMs > 0) await sleep(Math.round(latencyMs * (0.75 + this.random() * 0.5)));
    if (this.random() < failureRate)
      throw new ProviderError(this.channel, `${this.channel} provider rejected the request`);
    const key = `${this.options.keyPrefix}:provider:${this.channel}:${request.notificationId}`;
    const { redis, idempotencyTtlSeconds: ttl, ledgerKey } = this.options;
    if (!ledgerKey) {
      const first = await redis.set(key, '1', 'EX', ttl, 'NX');
      return { duplicate: first === null };
    }
    // Key and ledger entry in one atomic step: a worker killed between two separate calls
    // would leave a send marked done but never logged.
    const first = await redis.eval(SEND_ONCE_AND_LOG, 2, key, ledgerKey, ttl, request.notificationId);
    return { duplicate: first === 0 };
  }
}
