import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MicroBatcher } from '@perflab/async';
import type { UserBehavior } from '@perflab/contracts';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import { behaviorsProjectedTotal } from '../recommendations.metrics';
import { BehaviorRepository } from '../shared/behavior.repository';
import { RecommendationModel } from '../shared/recommendation.model';

/** Redis or Postgres did not answer: our outage, not the message's fault — retried until it passes. */
class DependencyUnavailableError extends Error {
  readonly deferred = true;
  constructor(what: string, cause: unknown) {
    super(`${what}: ${(cause as Error)?.message ?? cause}`);
    this.name = 'DependencyUnavailableError';
  }
}

/**
 * One behaviour → the Redis model (one script call; a redelivery within DEDUP_TTL_SECONDS is
 * recognised by its event id and changes nothing) and the Postgres history (rows of concurrent
 * messages share one INSERT; the event id is the key, so a redelivery inserts nothing).
 */
@Injectable()
export class BehaviorProjectionService implements OnApplicationShutdown {
  private readonly history: MicroBatcher<UserBehavior>;

  constructor(
    private readonly model: RecommendationModel,
    repository: BehaviorRepository,
    @Inject(RECOMMENDATIONS_CONFIG) config: RecommendationsConfig,
  ) {
    this.history = new MicroBatcher((events) => repository.insertHistory(events), {
      maxBatch: config.HISTORY_BATCH_MAX,
    });
  }

  async project(event: UserBehavior): Promise<void> {
    const applied = await this.model.apply(event).catch((error: unknown) => {
      throw new DependencyUnavailableError('redis', error);
    });
    behaviorsProjectedTotal.inc({ result: applied ? 'applied' : 'duplicate' });
    await this.history.run(event).catch((error: unknown) => {
      throw new DependencyUnavailableError('postgres', error);
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.history.drain();
  }
}
