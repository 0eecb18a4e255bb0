import { testEnv } from './test-env';

/**
 * What every service under test reads the same way: the stack's Redis and Kafka, its own
 * database, one worker, quiet logs. A service's test stack spreads this and adds its own topics,
 * groups and key prefix.
 */
export function serviceTestEnv(service: string, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WORKERS: '1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testEnv.redisUrl,
    KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
    KAFKA_CLIENT_ID: `${service}-test`,
  };
}

/** Consumer-group timings that make joins and rebalances quick enough for a test (not for production). */
export const quickConsumerEnv: Record<string, string> = {
  CONSUMER_SESSION_TIMEOUT_MS: '6000',
  CONSUMER_REBALANCE_TIMEOUT_MS: '10000',
  CONSUMER_HEARTBEAT_INTERVAL_MS: '500',
  CONSUMER_MAX_WAIT_MS: '100',
};
