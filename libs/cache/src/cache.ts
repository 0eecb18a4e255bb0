import { Logger } from '@nestjs/common';
import {
  counter,
  counterSeries,
  histogram,
  histogramSeries,
  type CounterSeries,
  type HistogramSeries,
} from '@perflab/observability';
import { DependencyBreaker, backoffDelay } from '@perflab/resilience';
import type { RedisClient } from './redis-client';

const hits = counter('cache_hits_total', 'Cache lookups answered from Redis', ['cache']);
const misses = counter('cache_misses_total', 'Cache lookups that went to the source', ['cache']);
const operationDuration = histogram(
  'cache_operation_duration_seconds',
  'Cache operation latency, including the Redis round trip',
  ['cache', 'operation'],
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
);
const invalidationsAbandoned = counter(
  'cache_invalidations_abandoned_total',
  'Invalidations that failed on every retry: the entries live out their TTL',
  ['cache'],
);

/** Seconds, or computed from the loaded value (e.g. shorter while the value may still change). */
export type Ttl<T> = number | ((value: Exclude<T, undefined>) => number);

export interface CacheOptions {
  /** Prefix for every key and the `cache` metric label, e.g. "notifications". */
  namespace: string;
  defaultTtlSeconds?: number;
  /** Shared per Redis connection; one is created when omitted. */
  breaker?: DependencyBreaker;
  /** Background retries of a failed invalidation before it is abandoned. Default 4. */
  invalidationRetries?: number;
  /** First retry delay; doubles per retry (jittered, capped at 5 s). Default 500 ms. */
  invalidationRetryMs?: number;
}

/**
 * Read-through cache over Redis. Redis is an optimisation, never a dependency of
 * correctness: when it is slow or down the breaker opens and every call goes
 * straight to the source.
 */
export class Cache {
  readonly breaker: DependencyBreaker;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly defaultTtl: number;
  private readonly logger = new Logger('Cache');
  /** This cache's series, resolved once: get and set are per-request paths. */
  private readonly metrics: {
    hits: CounterSeries;
    misses: CounterSeries;
    duration: Record<'get' | 'set' | 'invalidate', HistogramSeries>;
  };

  constructor(
    private readonly redis: RedisClient,
    private readonly options: CacheOptions,
  ) {
    this.breaker = options.breaker ?? new DependencyBreaker('redis', { timeoutMs: 250, resetTimeoutMs: 2_000 });
    this.defaultTtl = options.defaultTtlSeconds ?? 60;
    const cache = options.namespace;
    const durationOf = (operation: string) => histogramSeries(operationDuration, { cache, operation });
    this.metrics = {
      hits: counterSeries(hits, { cache }),
      misses: counterSeries(misses, { cache }),
      duration: { get: durationOf('get'), set: durationOf('set'), invalidate: durationOf('invalidate') },
    };
  }

  key(key: string): string {
    return `${this.options.namespace}:${key}`;
  }

  /**
   * Returns the cached value, or loads, stores and returns it. Concurrent misses on
   * one key in this process share a single load (no stampede on the source). A load
   * that returns undefined (not found) is not cached.
   */
  async getOrSet<T>(key: string, load: () => Promise<T>, ttl: Ttl<T> = this.defaultTtl): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const loading = load()
      .then(async (value) => {
        if (value !== undefined)
          await this.set(key, value, typeof ttl === 'function' ? ttl(value as Exclude<T, undefined>) : ttl);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  /** The cached value, or undefined on a miss or when Redis is unavailable. */
  async get<T>(key: string): Promise<T | undefined> {
    const end = this.metrics.duration.get.startTimer();
    const raw = await this.breaker.run(
      () => this.redis.get(this.key(key)),
      () => null,
    );
    end();
    if (raw === null) {
      this.metrics.misses.inc();
      return undefined;
    }
    this.metrics.hits.inc();
    return JSON.parse(raw) as T;
  }

  async set(key: string, value: unknown, ttlSeconds = this.defaultTtl): Promise<void> {
    const end = this.metrics.duration.set.startTimer();
    await this.breaker.run(
      () => this.redis.set(this.key(key), JSON.stringify(value), 'EX', ttlSeconds),
      () => undefined,
    );
    end();
  }

  /**
   * Deletes entries after a committed write. Never rejects: failing here would answer a
   * committed write as failed (and invite a retry that does it twice). A failed delete is
   * retried in the background with backoff, which covers a blip or a breaker that is about
   * to close; when every retry fails it is logged and counted, and the entry lives out its
   * TTL, which bounds the staleness. Keep TTLs short where a stale read matters.
   */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const error = await this.deleteKeys(keys);
    if (error !== undefined) this.retryInvalidation(keys, 1, error);
  }

  /** Resolves with the error, if any: an invalidation failure is handled here, never thrown. */
  private async deleteKeys(keys: string[]): Promise<unknown> {
    const end = this.metrics.duration.invalidate.startTimer();
    try {
      await this.breaker.run(() => this.redis.del(...keys.map((k) => this.key(k))));
      return undefined;
    } catch (error) {
      return error ?? new Error('invalidation failed');
    } finally {
      end();
    }
  }

  private retryInvalidation(keys: string[], attempt: number, error: unknown): void {
    const what = `cache invalidation of ${keys.map((k) => this.key(k)).join(', ')}`;
    const reason = error instanceof Error ? error.message : String(error);
    const retries = this.options.invalidationRetries ?? 4;
    if (attempt > retries) {
      invalidationsAbandoned.inc({ cache: this.options.namespace });
      this.logger.error(`${what} abandoned after ${retries} retries (${reason}); stale until the TTL ends`);
      return;
    }
    if (attempt === 1) this.logger.warn(`${what} failed (${reason}); retrying in the background`);
    const delayMs = backoffDelay(attempt, this.options.invalidationRetryMs ?? 500, 5_000);
    setTimeout(async () => {
      const next = await this.deleteKeys(keys);
      if (next !== undefined) this.retryInvalidation(keys, attempt + 1, next);
    }, delayMs).unref();
  }
}
