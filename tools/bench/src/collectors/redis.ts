import Redis from 'ioredis';

// Redis INFO before/after: hit rate, evictions and commands over the run from counter deltas.
// Note: the server is shared with other work on this machine; deltas include their traffic.

export type RedisInfo = Record<string, string>;

export function parseInfo(text: string): RedisInfo {
  const out: RedisInfo = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export async function readRedisInfo(url: string): Promise<{ info?: RedisInfo; error?: string; t: number }> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    return { info: parseInfo(await r.info()), t: Date.now() / 1000 };
  } catch (err) {
    return { error: (err as Error).message, t: Date.now() / 1000 };
  } finally {
    r.disconnect();
  }
}

export interface RedisDelta {
  hitRate: number;
  hits: number;
  misses: number;
  evictions: number;
  commandsPerSec: number;
  usedMemoryBytes: number;
  maxMemoryBytes: number;
  memoryPercent: number;
  connectedClients: number;
  notMeasured?: string;
}

export function redisDelta(
  before: { info?: RedisInfo; error?: string; t: number },
  after: { info?: RedisInfo; error?: string; t: number },
): RedisDelta {
  if (!before.info || !after.info) {
    const why = `Redis INFO unavailable: ${before.error ?? after.error}`;
    return {
      hitRate: NaN,
      hits: NaN,
      misses: NaN,
      evictions: NaN,
      commandsPerSec: NaN,
      usedMemoryBytes: NaN,
      maxMemoryBytes: NaN,
      memoryPercent: NaN,
      connectedClients: NaN,
      notMeasured: why,
    };
  }
  const d = (k: string) => Number(after.info![k] ?? 0) - Number(before.info![k] ?? 0);
  const hits = d('keyspace_hits');
  const misses = d('keyspace_misses');
  const used = Number(after.info.used_memory);
  const max = Number(after.info.maxmemory) || Number(after.info.total_system_memory);
  return {
    hits,
    misses,
    hitRate: hits + misses > 0 ? hits / (hits + misses) : NaN,
    evictions: d('evicted_keys'),
    commandsPerSec: d('total_commands_processed') / Math.max(1, after.t - before.t),
    usedMemoryBytes: used,
    maxMemoryBytes: max,
    memoryPercent: max ? (used / max) * 100 : NaN,
    connectedClients: Number(after.info.connected_clients),
  };
}
