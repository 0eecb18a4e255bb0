import { EventEmitter } from 'node:events';
import { metricsRegistry } from '@perflab/observability';
import { describe, expect, it } from 'vitest';
import type { RedisClient } from './redis-client';
import { logRedisErrors } from './redis-errors';

describe('logRedisErrors', () => {
  it('counts every error, logs at most one line per interval, and says when the client is back', async () => {
    const client = new EventEmitter();
    const lines: string[] = [];
    let clock = 0;
    const logger = {
      warn: (m: string) => void lines.push(`warn ${m}`),
      log: (m: string) => void lines.push(`log ${m}`),
    };
    logRedisErrors(client as unknown as RedisClient, { intervalMs: 1_000, logger, now: () => clock });
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

    for (let i = 0; i < 5; i++) {
      client.emit('error', refused());
      clock += 300;
    }
    client.emit('ready');

    expect(lines).toEqual([
      'warn redis client error: connect ECONNREFUSED 127.0.0.1:1',
      'warn redis client error: connect ECONNREFUSED 127.0.0.1:1 (+3 more since the last report)',
      'log redis client ready again',
    ]);
    expect(await metricsRegistry.getSingleMetricAsString('redis_client_errors_total')).toMatch(
      /redis_client_errors_total\{code="ECONNREFUSED"\} 5/,
    );
  });
});
