import Redis from 'ioredis';

// Runs start from an empty cache: services the bench starts use a Redis logical database of
// their own, flushed at the start of every run. FLUSHALL on the shared server would wipe
// everyone's data; FLUSHDB on the bench's own database touches only the bench (which holds
// the bench lock). Without it a run inherits the previous run's cache keys and counters.

export const BENCH_REDIS_DB = 9;

/** The same server, the bench's logical database. */
export function withRedisDb(url: string, db = BENCH_REDIS_DB): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Flushes the bench's Redis database; returns its URL. */
export async function resetBenchRedis(sharedUrl: string, log: (s: string) => void): Promise<string> {
  const url = withRedisDb(sharedUrl);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.dbsize();
    await redis.flushdb();
    log(`redis db ${BENCH_REDIS_DB}: flushed (${keys} keys from before)`);
  } finally {
    redis.disconnect();
  }
  return url;
}
