import { Inject, Injectable } from '@nestjs/common';
import { Cache, REDIS, type RedisClient } from '@perflab/cache';
import { REPORTING_CONFIG, type ReportingConfig } from '../reporting.config';

/**
 * Report figures cached per company *version*: the consumer bumps `version:<company>` after
 * each stored event, and every entry's key carries the version it was computed at, so a
 * new event makes the old entries unreachable at once (never wrong after it) and the TTL
 * (003: 5 min) bounds how old an entry can be. A read that races a bump stores its result
 * under the old version, where no one looks any more. Redis down: the cache's breaker
 * answers from the source, and a missed bump leaves entries stale for at most the TTL.
 */
@Injectable()
export class ReportCache {
  constructor(
    private readonly cache: Cache,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async getOrLoad<T>(companyId: string, what: string, load: () => Promise<T>): Promise<T> {
    if (!this.config.REPORT_CACHE_ENABLED) return load();
    const version = await this.cache.breaker.run(
      () => this.redis.get(this.versionKey(companyId)),
      () => null,
    );
    return this.cache.getOrSet(
      `report:${companyId}:v${version ?? 0}:${what}`,
      load,
      this.config.REPORT_CACHE_TTL_SECONDS,
    );
  }

  /** After an event is committed. Never fails the consumer: a lost bump is bounded by the TTL. */
  async bump(companyId: string): Promise<void> {
    // No expiry: a version that lapsed and restarted could meet entries computed under its old self.
    // One small key per company.
    await this.cache.breaker.run(() => this.redis.incr(this.versionKey(companyId))).catch(() => undefined);
  }

  private versionKey(companyId: string): string {
    return this.cache.key(`version:${companyId}`);
  }
}
