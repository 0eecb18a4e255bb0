import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '@perflab/observability';
import { DependencyBreaker } from '@perflab/resilience';
import { freePort, testEnv, uniqueName, waitFor } from '@perflab/testing';
import { Cache, connectRedis, createRedisClient, type RedisClient } from './index';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** How many commands of this name the client has timed (redis_command_duration_seconds). */
async function commandCount(command: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('redis_command_duration_seconds')?.get();
  const sample = metric?.values.find(
    (v) => v.labels.command === command && (v as { metricName?: string }).metricName?.endsWith('_count'),
  );
  return sample?.value ?? 0;
}

describe('Cache against the stack Redis', () => {
  let redis: RedisClient;
  let cache: Cache;

  beforeAll(async () => {
    redis = createRedisClient({ url: testEnv.redisUrl });
    await connectRedis(redis);
    cache = new Cache(redis, { namespace: uniqueName('cache'), defaultTtlSeconds: 30 });
  });
  afterAll(() => redis.quit());

  it('loads once, then answers from Redis with the TTL set', async () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.getOrSet('k1', load)).toEqual({ n: 1 });
    expect(await cache.getOrSet('k1', load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
    const ttl = await redis.ttl(cache.key('k1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('shares one load among concurrent misses', async () => {
    let loads = 0;
    const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 30));
    const values = await Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('k2', load)));
    expect(values).toEqual(Array(10).fill(1));
    expect(loads).toBe(1);
  });

  it('invalidate makes the next read load fresh data', async () => {
    let version = 1;
    expect(await cache.getOrSet('k3', async () => version)).toBe(1);
    version = 2;
    await cache.invalidate('k3');
    expect(await cache.getOrSet('k3', async () => version)).toBe(2);
  });

  it('takes the TTL from the loaded value when given a function', async () => {
    const ttlOf = (value: { settled: boolean }) => (value.settled ? 30 : 2);
    await cache.getOrSet('k5', async () => ({ settled: false }), ttlOf);
    await cache.getOrSet('k6', async () => ({ settled: true }), ttlOf);
    expect(await redis.ttl(cache.key('k5'))).toBeLessThanOrEqual(2);
    expect(await redis.ttl(cache.key('k6'))).toBeGreaterThan(2);
  });

  it('does not cache a load that found nothing', async () => {
    let loads = 0;
    const load = async () => (++loads, undefined);
    expect(await cache.getOrSet('k7', load)).toBeUndefined();
    expect(await cache.getOrSet('k7', load)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('sends the commands of one event-loop turn as one pipeline, in order, each timed', async () => {
    const key = cache.key('pipelined');
    const before = await commandCount('incr');
    const replies = Promise.all([redis.set(key, '1', 'EX', 30), redis.incr(key), redis.incr(key), redis.get(key)]);
    // Queued, not yet written: they go out together on the next tick.
    expect(redis.autoPipelineQueueSize).toBe(4);
    expect(await replies).toEqual(['OK', 2, 3, '3']);
    expect((await commandCount('incr')) - before).toBe(2);
  });

  it('records hits, misses and Redis command latency under the documented names', async () => {
    await cache.getOrSet('k4', async () => 'v');
    await cache.get('k4');
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/cache_hits_total\{cache="cache_[^"]+"\} [1-9]/);
    expect(text).toMatch(/cache_misses_total\{cache="cache_[^"]+"\} [1-9]/);
    expect(text).toContain('cache_operation_duration_seconds_bucket');
    expect(text).toMatch(/redis_command_duration_seconds_count\{command="get"\} [1-9]/);
  });
});

describe('Cache when Redis stops and comes back', () => {
  let server: ChildProcess | undefined;
  let port: number;
  let redis: RedisClient;

  const startRedis = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(() => accepts(port), { what: 'test redis to listen', timeoutMs: 10_000 });
  };
  const stopRedis = async () => {
    const exited = new Promise((r) => server?.once('exit', r));
    server?.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    redis = createRedisClient({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200 });
    await waitFor(async () => (await connectRedis(redis), true), { what: 'connect to test redis' });
  });
  afterAll(async () => {
    redis.disconnect();
    server?.kill('SIGKILL');
  });

  it('opens the breaker and falls back to the source within the timeout, then closes', async () => {
    const breaker = new DependencyBreaker(uniqueName('redis'), {
      timeoutMs: 250,
      volumeThreshold: 3,
      resetTimeoutMs: 300,
    });
    const cache = new Cache(redis, { namespace: 'outage', breaker });
    expect(await cache.getOrSet('a', async () => 'from-source')).toBe('from-source');
    expect(breaker.state).toBe('closed');

    await stopRedis();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect(await cache.getOrSet('a', async () => 'from-source-while-down')).toBe('from-source-while-down');
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    expect(breaker.state).toBe('open');

    // An invalidation while Redis is down does not fail the write that asked for it.
    await expect(cache.invalidate('a')).resolves.toBeUndefined();

    await startRedis();
    await waitFor(() => redis.status === 'ready' || undefined, { what: 'client reconnect', timeoutMs: 15_000 });
    await waitFor(
      async () => {
        await cache.getOrSet('b', async () => 'x');
        return breaker.state === 'closed' || undefined;
      },
      { what: 'breaker to close', timeoutMs: 10_000, intervalMs: 150 },
    );
    expect(await cache.getOrSet('c', async () => 'stored')).toBe('stored');
    expect(await redis.get('outage:c')).toBe('"stored"');
    breaker.shutdown();
  });
});
