import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NotificationRequested } from '@perflab/contracts';
import {
  deliveriesDeferredTotal,
  notificationsFailedTotal,
  notificationsTotal,
  redeliveriesSkippedTotal,
} from '../notifications.metrics';
import type { NotificationCache } from '../shared/notification.cache';
import type { NotificationRecord } from '../shared/notification.model';
import { backoffDelay } from '@perflab/resilience';
import { failureKind, failureReason } from './failure-reason';
import type { ProviderRegistry } from './provider-registry';

export interface DeliveryOptions {
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  leaseSeconds: number;
  /** How long after creation a provider's transient errors keep being retried before FAILED. */
  retryBudgetMs: number;
}

export type DeliveryOutcome = 'sent' | 'skipped';

export type FinishOutcome = { status: 'SENT' } | { status: 'FAILED'; error: string };

/** The two transitions delivery needs; NotificationRepository is one, BatchedDeliveryStore another. */
export interface DeliveryStore {
  /** PENDING (or PROCESSING past its lease) → PROCESSING; null: someone else has it or it is finished. */
  claim(id: string, leaseSeconds: number): Promise<NotificationRecord | null>;
  /** PROCESSING → SENT | FAILED; null when the row was not PROCESSING. */
  finish(id: string, outcome: FinishOutcome): Promise<{ id: string; userId: string } | null>;
  /** PROCESSING → PENDING: delivery deferred; the next attempt may claim it at once. */
  release(id: string, reason: string): Promise<void>;
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Delivery could not be done now for a reason that is not the notification's fault (our
 * infrastructure, an open breaker, a provider's transient error within budget): the row is
 * PENDING again and the consumer retries the message later without using up its retry budget
 * (`deferred`), holding its partition meanwhile — consumption pauses until the cause is gone.
 */
export class DeliveryDeferredError extends Error {
  readonly deferred = true;
  constructor(
    readonly notificationId: string,
    readonly reason: string,
    cause: unknown,
  ) {
    super(
      `notification ${notificationId} deferred (${reason}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'DeliveryDeferredError';
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
    // Postgres down: the message waits (deferred) instead of going to the dead-letter topic.
    const claimed = await this.repository
      .claim(message.notificationId, this.options.leaseSeconds)
      .catch((error: unknown) => {
        throw new DeliveryDeferredError(message.notificationId, 'database', error);
      });
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
    const kind = failureKind(failure);
    const withinBudget = Date.now() - claimed.createdAt.getTime() < this.options.retryBudgetMs;
    if (kind === 'infrastructure' || (kind === 'provider' && withinBudget)) {
      deliveriesDeferredTotal.inc({ channel: claimed.channel, reason });
      // Best effort: with Postgres down the row keeps its lease and the sweeper queues it again.
      await this.repository
        .release(claimed.id, `${reason}: ${describe(failure)}`)
        .catch((error: unknown) => this.logger.warn(`could not release ${claimed.id}: ${describe(error)}`));
      throw new DeliveryDeferredError(claimed.id, reason, failure);
    }
    await this.repository.finish(claimed.id, { status: 'FAILED', error: `${reason}: ${describe(failure)}` });
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
        // Only a provider's transient error is worth retrying here; the rest is decided by the caller.
        if (failureKind(error) !== 'provider') return error;
        if (attempt <= this.options.retries) {
          await sleep(backoffDelay(attempt, this.options.backoffMs, this.options.maxBackoffMs));
        }
      }
    }
    return lastError;
  }
}
