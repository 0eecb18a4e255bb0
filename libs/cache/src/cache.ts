import { counter, histogram } from '@perflab/observability';
import { DependencyBreaker } from '@perflab/resilience';
import type { RedisClient } from './redis-client';

const hits = counter('cache_hits_total', 'Cache lookups answered from Redis', ['cache']);
const misses = counter('cache_misses_total', 'Cache lookups that went to the source', ['cache']);
const operationDuration = histogram(
  'cache_operation_duration_seconds',
  'Cache operation latency, including the Redis round trip',
  ['cache', 'operation'],
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
);

export interface CacheOptions {
  /** Prefix for every key and the `cache` metric label, e.g. "notifications". */
  namespace: string;
  defaultTtlSeconds?: number;
  /** Shared per Redis connection; one is created when omitted. */
  breaker?: DependencyBreaker;
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

  constructor(
    private readonly redis: RedisClient,
    private readonly options: CacheOptions,
  ) {
    this.breaker = options.breaker ?? new DependencyBreaker('redis', { timeoutMs: 250, resetTimeoutMs: 2_000 });
    this.defaultTtl = options.defaultTtlSeconds ?? 60;
  }

  key(key: string): string {
    return `${this.options.namespace}:${key}`;
  }

  /**
   * Returns the cached value, or loads, stores and returns it. Concurrent misses on
   * one key in this process share a single load (no stampede on the source).
   */
  async getOrSet<T>(key: string, load: () => Promise<T>, ttlSeconds = this.defaultTtl): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const loading = load()
      .then(async (value) => {
        if (value !== undefined) await this.set(key, value, ttlSeconds);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  /** The cached value, or undefined on a miss or when Redis is unavailable. */
  async get<T>(key: string): Promise<T | undefined> {
    const end = operationDuration.startTimer({ cache: this.options.namespace, operation: 'get' });
    const raw = await this.breaker.run(
      () => this.redis.get(this.key(key)),
      () => null,
    );
    end();
    if (raw === null) {
      misses.inc({ cache: this.options.namespace });
      return undefined;
    }
    hits.inc({ cache: this.options.namespace });
    return JSON.parse(raw) as T;
  }

  async set(key: string, value: unknown, ttlSeconds = this.defaultTtl): Promise<void> {
    const end = operationDuration.startTimer({ cache: this.options.namespace, operation: 'set' });
    await this.breaker.run(
      () => this.redis.set(this.key(key), JSON.stringify(value), 'EX', ttlSeconds),
      () => undefined,
    );
    end();
  }

  /**
   * Invalidation must not silently fail, or readers would see stale data until the
   * TTL ends: it rejects when Redis is unreachable so the caller can decide.
   */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const end = operationDuration.startTimer({ cache: this.options.namespace, operation: 'invalidate' });
    try {
      await this.breaker.run(() => this.redis.del(...keys.map((k) => this.key(k))));
    } finally {
      end();
    }
  }
}
