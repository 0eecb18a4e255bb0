import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from '@perflab/cache';
import type { NotificationChannel } from '@perflab/contracts';
import { ProviderError, type ChannelProvider, type DeliveryReceipt, type DeliveryRequest } from './channel-provider';

export interface SimulatedProviderOptions {
  latencyMs: number;
  /** 0..1: the share of calls that fail, at random. */
  failureRate: number;
  /** Where the provider keeps its idempotency keys (its own state, like a real provider's). */
  redis: RedisClient;
  keyPrefix: string;
  idempotencyTtlSeconds: number;
  /** When set, every delivery is logged here (HINCRBY <key> <notificationId> 1). */
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
    const first = await this.options.redis.set(key, '1', 'EX', this.options.idempotencyTtlSeconds, 'NX');
    if (first === null) return { duplicate: true };
    if (this.options.ledgerKey) await this.options.redis.hincrby(this.options.ledgerKey, request.notificationId, 1);
    return { duplicate: false };
  }
}
