import type { NotificationChannel } from '@perflab/contracts';

/** What a provider needs to deliver one notification. */
export interface DeliveryRequest {
  /** Also the idempotency key: a provider delivers one id at most once. */
  notificationId: string;
  userId: string;
  channel: NotificationChannel;
  title: string;
  body: string;
  data?: Record<string, unknown> | null;
}

export interface DeliveryReceipt {
  /** True when the provider had already delivered this id and did nothing this time. */
  duplicate: boolean;
}

/** An external delivery service for one channel (an email API, an SMS gateway, push, the in-app inbox). */
export interface ChannelProvider {
  readonly channel: NotificationChannel;
  send(request: DeliveryRequest): Promise<DeliveryReceipt>;
}

/**
 * The provider refused or failed the request (its own error, not a timeout or an open breaker).
 * Permanent (a rejection: bad address, blocked recipient) ends in FAILED at once; transient
 * (its 5xx, throttling) is retried within the delivery budget.
 */
export class ProviderError extends Error {
  constructor(
    readonly channel: NotificationChannel,
    message: string,
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
