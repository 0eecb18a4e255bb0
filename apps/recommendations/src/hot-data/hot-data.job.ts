import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyLimit } from '@perflab/async';
import { REDIS, type RedisClient } from '@perflab/cache';
import { PeriodicJob } from '@perflab/runtime';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from '../recommendations.config';
import { modelRebuildsTotal } from '../recommendations.metrics';
import { BehaviorRepository } from '../shared/behavior.repository';
import { Catalogue } from '../shared/catalogue';
import { PopularSnapshot } from '../shared/popular-snapshot';
import { RecommendationModel } from '../shared/recommendation.model';

const REBUILD_PAGE = 2_000;
/** Users replayed at once: enough to keep Redis busy, few enough that no command waits past its timeout. */
const REBUILD_USERS_IN_FLIGHT = 16;
const REBUILD_LOCK_SECONDS = 600;

/**
 * The document's hot-data preloading, on a schedule (HOT_DATA_INTERVAL_MS, and once at start):
 * 1. the catalogue into this process's memory, and (one process, under a lock) into the
 *    Redis products hash the answers read their fields from;
 * 2. when Redis came back empty (no `model:built` marker: restarted without persistence,
 *    flushed, or a fresh seed), the model rebuilt from the last REBUILD_WINDOW_DAYS of
 *    Postgres history — through the same script as the consumer, so events the consumer
 *    applies meanwhile are not counted twice;
 * 3. popularity rebased when its forward-decay epoch is old;
 * 4. the popularity snapshot for the Redis-down fallback: from Redis, or from the Postgres
 *    history while Redis does not answer.
 */
@Injectable()
export class HotDataJob extends PeriodicJob {
  /** False until this process saw a built model (the `model` health check). */
  modelReady = false;
  private lastWarnAt = 0;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly model: RecommendationModel,
    private readonly behavior: BehaviorRepository,
    private readonly snapshot: PopularSnapshot,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(RECOMMENDATIONS_CONFIG) private readonly config: RecommendationsConfig,
  ) {
    super({
      name: 'recommendations-hot-data',
      intervalMs: config.HOT_DATA_INTERVAL_MS,
      enabled: true,
      runAtStart: true,
    });
  }

  protected run(): Promise<unknown> {
    return this.refresh();
  }

  async refresh(): Promise<void> {
    const products = await this.catalogue.refresh();
    try {
      const lockSeconds = Math.max(1, Math.floor(this.config.HOT_DATA_INTERVAL_MS / 2_000));
      if (await this.model.tryLock('hot-data', lockSeconds)) {
        await this.model.preloadProducts(products);
        await this.model.rebasePopularity();
      }
      if (!(await this.model.isBuilt())) {
        this.modelReady = false;
        await this.rebuildOnce();
      }
      this.modelReady = await this.model.isBuilt();
      this.snapshot.replace(await this.model.topPopular(this.config.FALLBACK_POPULAR_ITEMS), 'redis');
    } catch (error) {
      // Redis does not answer: keep the fallback fresh from Postgres, at the usual pace (no
      // backoff), and come back at once when Redis is ready again (onApplicationBootstrap).
      this.modelReady = false;
      this.snapshot.replace(await this.behavior.popularFromHistory(this.config.FALLBACK_POPULAR_ITEMS), 'postgres');
      this.warnThrottled(`Redis unavailable, popularity snapshot taken from Postgres: ${(error as Error).message}`);
    }
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.redis.on('ready', this.onRedisReady);
  }

  override beforeApplicationShutdown(): Promise<void> {
    this.redis.off('ready', this.onRedisReady);
    return super.beforeApplicationShutdown();
  }

  private readonly onRedisReady = () => this.task.trigger();

  private warnThrottled(message: string): void {
    if (Date.now() - this.lastWarnAt < 10_000) return;
    this.lastWarnAt = Date.now();
    this.logger.warn(message);
  }

  /** One process rebuilds (the lock); the others wait for its marker. */
  private async rebuildOnce(): Promise<void> {
    if (!(await this.model.tryLock('rebuild', REBUILD_LOCK_SECONDS))) {
      const until = Date.now() + REBUILD_LOCK_SECONDS * 1_000;
      while (Date.now() < until && !(await this.model.isBuilt())) await setTimeout(500);
      return;
    }
    try {
      await this.rebuild();
    } finally {
      await this.model.unlock('rebuild');
    }
  }

  /** Replays the history window; a failed rebuild is simply run again (applied events are skipped). */
  private async rebuild(): Promise<void> {
    const since = new Date(Date.now() - this.config.REBUILD_WINDOW_DAYS * 86_400_000);
    const limit = new ConcurrencyLimit(REBUILD_USERS_IN_FLIGHT);
    let after: { at: string; id: string } | undefined;
    let applied = 0;
    for (;;) {
      const page = await this.behavior.historyPage(since, after, REBUILD_PAGE);
      if (page.length === 0) break;
      // One user's events in order (recent items depend on it); users in parallel.
      const byUser = new Map<string, typeof page>();
      for (const event of page) byUser.set(event.userId, [...(byUser.get(event.userId) ?? []), event]);
      await Promise.all(
        [...byUser.values()].map((events) =>
          limit.run(async () => {
            for (const event of events) if (await this.model.apply(event)) applied++;
          }),
        ),
      );
      const last = page[page.length - 1];
      after = { at: last.at, id: last.eventId };
    }
    await this.model.markBuilt();
    modelRebuildsTotal.inc();
    this.logger.log(`model rebuilt from history: ${applied} behaviour(s) since ${since.toISOString()}`);
  }
}
