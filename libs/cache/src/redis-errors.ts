import { Logger } from '@nestjs/common';
import { counter } from '@perflab/observability';
import type { RedisClient } from './redis-client';

const clientErrors = counter(
  'redis_client_errors_total',
  'Errors the Redis client reported (connection refused, reset, timeouts…), by error code',
  ['code'],
);

export interface RedisErrorLogOptions {
  /** At most one log line per this many ms while errors keep coming (default 10 s). */
  intervalMs?: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
  now?: () => number;
}

/**
 * Without an `error` listener ioredis prints "[ioredis] Unhandled error event" to stderr, once
 * per reconnect attempt and not as JSON. Here each error is counted, and logged through the
 * service's logger at most once per interval, with how many were folded into the line; the
 * return to `ready` after errors is logged once.
 */
export function logRedisErrors(client: RedisClient, options: RedisErrorLogOptions = {}): void {
  const logger = options.logger ?? new Logger('Redis');
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let lastLoggedAt = -Infinity;
  let folded = 0;
  let failing = false;
  client.on('error', (error: Error & { code?: string }) => {
    clientErrors.inc({ code: error.code ?? error.name ?? 'unknown' });
    failing = true;
    if (now() - lastLoggedAt < intervalMs) {
      folded++;
      return;
    }
    const more = folded > 0 ? ` (+${folded} more since the last report)` : '';
    logger.warn(`redis client error: ${error.message}${more}`);
    lastLoggedAt = now();
    folded = 0;
  });
  client.on('ready', () => {
    if (!failing) return;
    failing = false;
    logger.log(`redis client ready again${folded > 0 ? ` (${folded} more errors before that)` : ''}`);
    folded = 0;
  });
}
