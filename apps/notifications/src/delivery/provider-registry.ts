import type { NotificationChannel } from '@perflab/contracts';
import { DependencyBreaker } from '@perflab/resilience';
import type { ChannelProvider, DeliveryReceipt, DeliveryRequest } from './channel-provider';

/**
 * One provider per channel, each behind its own breaker (`provider_email`, …): a failing
 * SMS gateway opens its breaker and fails fast without slowing email or push.
 */
export class ProviderRegistry {
  private readonly entries = new Map<NotificationChannel, { provider: ChannelProvider; breaker: DependencyBreaker }>();

  constructor(providers: ChannelProvider[], timeoutMs: number) {
    for (const provider of providers) {
      const breaker = new DependencyBreaker(`provider_${provider.channel.toLowerCase()}`, {
        timeoutMs,
        resetTimeoutMs: 5_000,
        volumeThreshold: 10,
      });
      this.entries.set(provider.channel, { provider, breaker });
    }
  }

  send(request: DeliveryRequest): Promise<DeliveryReceipt> {
    const entry = this.entries.get(request.channel);
    if (!entry) return Promise.reject(new Error(`No provider for channel ${request.channel}`));
    return entry.breaker.run(() => entry.provider.send(request));
  }

  breakerStates(): Record<string, string> {
    return Object.fromEntries([...this.entries].map(([channel, { breaker }]) => [channel, breaker.state]));
  }

  shutdown(): void {
    for (const { breaker } of this.entries.values()) breaker.shutdown();
  }
}
