import { applyMigrations } from '@perflab/database';
import { deleteKafkaLeftovers } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  deleteRedisKeys,
  quickConsumerEnv,
  serviceTestEnv,
  testEnv,
  type ThrowawayDatabase,
  uniqueName,
} from '@perflab/testing';

/** A migrated database of its own (perflab_test_notif_…), so no other test's rows are swept or scheduled. */
export async function createTestDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('notif');
  await applyMigrations({ url: database.url, service: 'notifications' });
  return database;
}

/** Unique topics, groups and Redis prefix for one test file; `env` is what the service reads. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return {
    notificationsTopic: `test.${id}.v1`,
    userRegisteredTopic: `test.${id}-users.v1`,
    group: `${id}-workers`,
    welcomeGroup: `${id}-welcome`,
    chatTopic: `test.${id}-chat.v1`,
    chatGroup: `${id}-chat`,
    redisPrefix: `test:${id}`,
    ledgerKey: `test:${id}:ledger`,
  };
}

export type IsolatedNames = ReturnType<typeof isolatedNames>;

/** Settings that make a test service quick: fast group joins, short intervals, low provider latency. */
export function serviceEnv(names: IsolatedNames, databaseUrl: string, publicKeysJson: string): Record<string, string> {
  return {
    ...serviceTestEnv('notifications', databaseUrl),
    ...quickConsumerEnv,
    NOTIFICATIONS_TOPIC: names.notificationsTopic,
    USER_REGISTERED_TOPIC: names.userRegisteredTopic,
    NOTIFICATIONS_GROUP: names.group,
    WELCOME_GROUP: names.welcomeGroup,
    CHAT_MESSAGES_TOPIC: names.chatTopic,
    CHAT_GROUP: names.chatGroup,
    REDIS_KEY_PREFIX: names.redisPrefix,
    PROVIDER_LEDGER_KEY: names.ledgerKey,
    AUTH_PUBLIC_KEYS: publicKeysJson,
    DELIVERY_BACKOFF_MS: '20',
    DELIVERY_MAX_BACKOFF_MS: '100',
    PROVIDER_EMAIL_LATENCY_MS: '5',
    PROVIDER_SMS_LATENCY_MS: '5',
    PROVIDER_PUSH_LATENCY_MS: '5',
    PROVIDER_IN_APP_LATENCY_MS: '1',
    SWEEP_INTERVAL_MS: '500',
    SCHEDULER_INTERVAL_MS: '250',
    CACHE_WARMING_ENABLED: 'false',
  };
}

/** Deletes what a test file created in Kafka and Redis. */
export async function cleanUp(names: IsolatedNames): Promise<void> {
  await deleteKafkaLeftovers(testEnv.kafkaBrokers, {
    topics: [names.notificationsTopic, names.userRegisteredTopic, names.chatTopic],
    groups: [names.group, names.welcomeGroup, names.chatGroup],
  });
  await deleteRedisKeys(`${names.redisPrefix}:*`, names.ledgerKey);
}
