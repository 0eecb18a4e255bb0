import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { applyMigrations } from '@perflab/database';
import { createKafka, declareTopics, deleteKafkaLeftovers, EventPublisher, type KafkaClient } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  deleteRedisKeys,
  quickConsumerEnv,
  serviceTestEnv,
  testEnv,
  type ThrowawayDatabase,
  uniqueName,
} from '@perflab/testing';
import { feedbackReceivedOn, sessionCompletedOn } from '../shared/impact.events';

/** A migrated database of its own (perflab_test_report_…). */
export async function createTestDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('report');
  await applyMigrations({ url: database.url, service: 'reporting' });
  return database;
}

/** Unique topics, group and Redis prefix for one test file. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return {
    sessionsTopic: `test.${id}-sessions.v1`,
    feedbackTopic: `test.${id}-feedback.v1`,
    group: `${id}-rollups`,
    redisPrefix: `test:${id}`,
  };
}

export type IsolatedNames = ReturnType<typeof isolatedNames>;

/** Settings that make a test service quick: fast group joins, short waits. */
export function serviceEnv(names: IsolatedNames, databaseUrl: string, publicKeysJson: string): Record<string, string> {
  return {
    ...serviceTestEnv('reporting', databaseUrl),
    ...quickConsumerEnv,
    SESSION_COMPLETED_TOPIC: names.sessionsTopic,
    FEEDBACK_RECEIVED_TOPIC: names.feedbackTopic,
    REPORTING_GROUP: names.group,
    REDIS_KEY_PREFIX: names.redisPrefix,
    AUTH_PUBLIC_KEYS: publicKeysJson,
    CONSUMER_BACKOFF_MS: '20',
    CONSUMER_MAX_BACKOFF_MS: '100',
  };
}

/**
 * Stands in for ingestion: declares its topics (it is their producer) and publishes events
 * through the contracts' encode, as ingestion does after a webhook is stored.
 */
export async function createIngestionStandIn(names: IsolatedNames) {
  const kafka: KafkaClient = createKafka({
    brokers: testEnv.kafkaBrokers,
    clientId: 'reporting-test-ingestion',
    logLevel: 'nothing',
  });
  const sessions = sessionCompletedOn(names.sessionsTopic);
  const feedback = feedbackReceivedOn(names.feedbackTopic);
  await declareTopics(kafka, [sessions, feedback]);
  const publisher = new EventPublisher(kafka);
  return {
    sessions: (events: SessionCompleted[]) =>
      publisher.publishBatch(
        sessions,
        events.map((value) => ({ key: value.companyId, value })),
      ),
    feedback: (events: FeedbackReceived[]) =>
      publisher.publishBatch(
        feedback,
        events.map((value) => ({ key: value.companyId, value })),
      ),
    async close() {
      await publisher.disconnect();
      await kafka.disconnect();
    },
  };
}

/** Deletes what a test file created in Kafka and Redis. */
export async function cleanUp(names: IsolatedNames): Promise<void> {
  await deleteKafkaLeftovers(testEnv.kafkaBrokers, {
    topics: [names.sessionsTopic, names.feedbackTopic],
    groups: [names.group],
  });
  await deleteRedisKeys(`${names.redisPrefix}:*`);
}
