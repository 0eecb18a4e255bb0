import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NotificationRequested } from '@perflab/contracts';
import { notificationsFailedTotal, notificationsTotal, redeliveriesSkippedTotal } from '../notifications.metrics';
import type { NotificationCache } from '../shared/notification.cache';
import type { NotificationRecord } from '../shared/notification.model';
import { backoffDelay } from '@perflab/resilience';
import { failureReason } from './failure-reason';
import type { ProviderRegistry } from './provider-registry';

export interface DeliveryOptions {
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  leaseSeconds: number;
}

export type DeliveryOutcome = 'sent' | 'skipped';

export type FinishOutcome = { status: 'SENT' } | { status: 'FAILED'; error: string };

/** The two transitions delivery needs; NotificationRepository is one, BatchedDeliveryStore another. */
export interface DeliveryStore {
  /** PENDING (or PROCESSING past its lease) → PROCESSING; null: someone else has it or it is finished. */
  claim(id: string, leaseSeconds: number): Promise<NotificationRecord | null>;
  /** PROCESSING → SENT | FAILED; null when the row was not PROCESSING. */
  finish(id: string, outcome: FinishOutcome): Promise<{ id: string; userId: string } | null>;
}

/** Every provider attempt failed: the notification is FAILED; the consumer dead-letters the message at once. */
export class DeliveryFailedError extends Error {
  readonly retryable = false;
  constructor(
    readonly notificationId: string,
    readonly reason: string,
    cause: unknown,
  ) {
    super(
      `notification ${notificationId} failed (${reason}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'DeliveryFailedError';
  }
}

/**
 * One Kafka message → at most one delivery. The claim (PENDING → PROCESSING, a conditional
 * update) is the idempotency gate: a redelivered message finds the row PROCESSING, SENT or
 * FAILED and is skipped. The provider gets the notification id as its idempotency key, which
 * covers the one window the gate cannot: a worker dying after the provider accepted but
 * before SENT was recorded.
 */
export class DeliveryService {
  private readonly logger = new Logger('DeliveryService');

  constructor(
    private readonly repository: DeliveryStore,
    private readonly providers: ProviderRegistry,
    private readonly cache: NotificationCache,
    private readonly options: DeliveryOptions,
  ) {}

  /** The same delivery over another store (e.g. batched statements); providers, cache and options shared. */
  withStore(store: DeliveryStore): DeliveryService {
    return new DeliveryService(store, this.providers, this.cache, this.options);
  }

  async deliver(message: Pick<NotificationRequested, 'notificationId'>): Promise<DeliveryOutcome> {
    const claimed = await this.repository.claim(message.notificationId, this.options.leaseSeconds);
    if (!claimed) {
      redeliveriesSkippedTotal.inc();
      return 'skipped';
    }
    await this.cache.invalidate({ notificationId: claimed.id });
    const failure = await this.attempt(claimed);
    if (failure === undefined) {
      await this.repository.finish(claimed.id, { status: 'SENT' });
      notificationsTotal.inc({ channel: claimed.channel, status: 'SENT' });
      await this.cache.invalidate({ notificationId: claimed.id, userId: claimed.userId });
      return 'sent';
    }
    const reason = failureReason(failure);
    await this.repository.finish(claimed.id, {
      status: 'FAILED',
      error: `${reason}: ${(failure as Error)?.message ?? String(failure)}`,
    });
    notificationsTotal.inc({ channel: claimed.channel, status: 'FAILED' });
    notificationsFailedTotal.inc({ channel: claimed.channel, reason });
    await this.cache.invalidate({ notificationId: claimed.id });
    throw new DeliveryFailedError(claimed.id, reason, failure);
  }

  /** Tries the provider 1 + retries times with backoff; undefined on success, else the last error. */
  private async attempt(record: NotificationRecord): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt++) {
      try {
        const receipt = await this.providers.send({
          notificationId: record.id,
          userId: record.userId,
          channel: record.channel,
          title: record.title,
          body: record.body,
          data: record.data,
        });
        if (receipt.duplicate) this.logger.warn(`provider had already delivered ${record.id}; not sent again`);
        return undefined;
      } catch (error) {
        lastError = error;
        if (attempt <= this.options.retries) {
          await sleep(backoffDelay(attempt, this.options.backoffMs, this.options.maxBackoffMs));
        }
      }
    }
    return lastError;
  }
}
