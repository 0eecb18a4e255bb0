import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MicroBatcher } from '@perflab/async';
import type { UserBehavior } from '@perflab/contracts';
import { OutboxRelay, outboxEntries, type OutboxEntry } from '@perflab/messaging';
import { ApiError } from '@perflab/runtime';
import { USER_BEHAVIOR_EVENT } from '../recommendations.di-tokens';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import { behaviorsAcceptedTotal } from '../recommendations.metrics';
import type { UserBehaviorEvent } from '../shared/behavior.events';
import { BehaviorRepository } from '../shared/behavior.repository';
import { Catalogue } from '../shared/catalogue';
import type { RecordBehaviorRequest } from './record-behavior.request';

export interface BehaviorAccepted {
  eventId: string;
}

/**
 * 202 means durable: the behaviour's user.behavior message is committed to the outbox (the
 * reliable-publish pattern, ADR 0007) before the answer; the relay publishes it. Requests
 * arriving in the same event-loop turn share one INSERT (a micro-batch), so a busy worker
 * makes one round trip for many behaviours. Postgres down → 503 with Retry-After, nothing accepted.
 */
@Injectable()
export class RecordBehaviorService implements OnApplicationShutdown {
  private readonly batcher: MicroBatcher<OutboxEntry>;

  constructor(
    private readonly repository: BehaviorRepository,
    private readonly catalogue: Catalogue,
    private readonly outbox: OutboxRelay,
    @Inject(USER_BEHAVIOR_EVENT) private readonly event: UserBehaviorEvent,
    @Inject(RECOMMENDATIONS_CONFIG) private readonly config: RecommendationsConfig,
  ) {
    this.batcher = new MicroBatcher((entries) => this.repository.insertOutbox(entries), {
      maxBatch: config.ACCEPT_BATCH_MAX,
    });
  }

  async record(request: RecordBehaviorRequest, now = new Date()): Promise<BehaviorAccepted> {
    if (request.at && Date.parse(request.at) > now.getTime() + this.config.MAX_FUTURE_SKEW_SECONDS * 1_000) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'at: must not be in the future', { field: 'at' });
    }
    if (!(await this.catalogue.exists(request.productId))) {
      throw new ApiError(422, 'UNKNOWN_PRODUCT', `productId: no product ${request.productId}`, { field: 'productId' });
    }
    const behavior: UserBehavior = {
      eventId: randomUUID(),
      userId: request.userId,
      productId: request.productId,
      action: request.action,
      at: request.at ? new Date(request.at).toISOString() : now.toISOString(),
    };
    await this.batcher.run(outboxEntries(this.event, [{ key: behavior.userId, value: behavior }])[0]);
    this.outbox.nudge();
    behaviorsAcceptedTotal.inc({ action: behavior.action });
    return { eventId: behavior.eventId };
  }

  onApplicationShutdown(): Promise<void> {
    return this.batcher.drain();
  }
}
