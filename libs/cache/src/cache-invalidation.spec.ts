import { metricsRegistry } from '@perflab/observability';
import { DependencyBreaker } from '@perflab/resilience';
import { uniqueName, waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from './cache';
import type { RedisClient } from './redis-client';

/** A Redis whose DEL fails the first `failures` times; the policy under test is the Cache's, not Redis's. */
function flakyRedis(failures: number) {
  const deleted: string[][] = [];
  let calls = 0;
  const redis = {
    del: async (...keys: string[]) => {
      calls += 1;
      if (calls <= failures) throw new Error('redis unreachable');
      deleted.push(keys);
      return keys.length;
    },
  };
  return { redis: redis as unknown as RedisClient, deleted, calls: () => calls };
}

async function abandoned(namespace: string): Promise<number> {
  const text = await metricsRegistry.getSingleMetricAsString('cache_invalidations_abandoned_total');
  const line = text.split('\n').find((l) => l.startsWith(`cache_invalidations_abandoned_total{cache="${namespace}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('Cache.invalidate after a committed write', () => {
  const breakers: DependencyBreaker[] = [];
  const cacheOver = (redis: RedisClient, namespace: string, retries: number) => {
    const breaker = new DependencyBreaker(uniqueName('redis'), { volumeThreshold: 1_000 });
    breakers.push(breaker);
    return new Cache(redis, { namespace, breaker, invalidationRetries: retries, invalidationRetryMs: 5 });
  };
  afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));

  it('never fails the caller, and retries in the background until the delete lands', async () => {
    const { redis, deleted } = flakyRedis(2);
    const cache = cacheOver(redis, uniqueName('inv'), 4);
    await expect(cache.invalidate('a', 'b')).resolves.toBeUndefined();
    await waitFor(() => deleted.length === 1, { what: 'the retried delete', timeoutMs: 5_000, intervalMs: 5 });
    expect(deleted[0]).toEqual([cache.key('a'), cache.key('b')]);
  });

  it('counts an invalidation abandoned after its retries, so a stale entry is visible', async () => {
    const namespace = uniqueName('inv');
    const { redis, calls } = flakyRedis(Number.POSITIVE_INFINITY);
    const cache = cacheOver(redis, namespace, 2);
    await expect(cache.invalidate('a')).resolves.toBeUndefined();
    await waitFor(async () => (await abandoned(namespace)) === 1, { what: 'the give-up', timeoutMs: 5_000 });
    expect(calls()).toBe(3); // the first try and two retries
  });

  it('does nothing for no keys', async () => {
    const { redis, calls } = flakyRedis(0);
    await cacheOver(redis, uniqueName('inv'), 1).invalidate();
    expect(calls()).toBe(0);
  });
});
