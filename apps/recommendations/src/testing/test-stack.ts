import { applyMigrations } from '@perflab/database';
import { createKafka, deleteKafkaLeftovers, type KafkaClient } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  deleteRedisKeys,
  quickConsumerEnv,
  serviceTestEnv,
  testEnv,
  type ThrowawayDatabase,
  uniqueName,
} from '@perflab/testing';
import { Client } from 'pg';

/** A migrated database of its own (perflab_test_reco_…), seeded with `products` products P01…. */
export async function createTestDatabase(products = 20): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('reco');
  await applyMigrations({ url: database.url, service: 'recommendations' });
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO recommendations.products (id, name, category, price_cents)
       SELECT 'P' || lpad(i::text, 2, '0'), 'Product ' || i, 'category-' || (i % 4), 100 * i FROM generate_series(1, $1) i`,
      [products],
    );
  } finally {
    await pg.end();
  }
  return database;
}

/** Unique topic, group and Redis prefix for one test file. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return { topic: `test.${id}.v1`, group: `${id}-ecomm`, redisPrefix: `test:${id}` };
}

export type IsolatedNames = ReturnType<typeof isolatedNames>;

/** Settings that make a test service quick: fast group joins, short intervals. */
export function serviceEnv(names: IsolatedNames, databaseUrl: string): Record<string, string> {
  return {
    ...serviceTestEnv('recommendations', databaseUrl),
    ...quickConsumerEnv,
    USER_BEHAVIOR_TOPIC: names.topic,
    BEHAVIOR_GROUP: names.group,
    REDIS_KEY_PREFIX: names.redisPrefix,
    BEHAVIOR_BACKOFF_MS: '20',
    BEHAVIOR_MAX_BACKOFF_MS: '200',
    HOT_DATA_INTERVAL_MS: '300',
  };
}

export function testKafka(): KafkaClient {
  return createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'recommendations-test-client', logLevel: 'nothing' });
}

/** Deletes what a test file created in Kafka and Redis. */
export async function cleanUp(names: IsolatedNames): Promise<void> {
  await deleteKafkaLeftovers(testEnv.kafkaBrokers, { topics: [names.topic], groups: [names.group] });
  await deleteRedisKeys(`${names.redisPrefix}:*`);
}
