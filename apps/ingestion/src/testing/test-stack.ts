import { randomBytes, randomUUID } from 'node:crypto';
import { applyMigrations } from '@perflab/database';
import { createKafka, deleteKafkaLeftovers, type KafkaClient } from '@perflab/messaging';
import {
  createThrowawayDatabase,
  serviceTestEnv,
  testEnv,
  type ThrowawayDatabase,
  uniqueName,
  waitFor,
} from '@perflab/testing';
import { Webhook } from 'standardwebhooks';

/** A migrated database of its own (perflab_test_ingest_…). */
export async function createTestDatabase(): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase('ingest');
  await applyMigrations({ url: database.url, service: 'ingestion' });
  return database;
}

/** A fresh `whsec_` secret (32 random bytes). */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Unique topics for one test file; `env` is what the service reads. */
export function isolatedNames(prefix: string) {
  const id = uniqueName(prefix).toLowerCase();
  return { sessionsTopic: `test.${id}-sessions.v1`, feedbackTopic: `test.${id}-feedback.v1` };
}

export type IsolatedNames = ReturnType<typeof isolatedNames>;

export function serviceEnv(names: IsolatedNames, databaseUrl: string, secrets: string): Record<string, string> {
  return {
    ...serviceTestEnv('ingestion', databaseUrl),
    SESSION_COMPLETED_TOPIC: names.sessionsTopic,
    FEEDBACK_RECEIVED_TOPIC: names.feedbackTopic,
    WEBHOOK_SECRETS: secrets,
    OUTBOX_POLL_INTERVAL_MS: '200',
  };
}

export async function cleanUp(names: IsolatedNames): Promise<void> {
  await deleteKafkaLeftovers(testEnv.kafkaBrokers, { topics: [names.sessionsTopic, names.feedbackTopic] });
}

export function testKafka(): KafkaClient {
  return createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'ingestion-test-admin', logLevel: 'nothing' });
}

/**
 * Messages on a topic so far (sum of its partitions' high watermarks). A topic created a moment
 * ago may answer "not the leader" until the admin's metadata catches up: asked again until it answers.
 */
export async function messageCount(kafka: KafkaClient, topic: string): Promise<number> {
  const admin = await kafka.admin();
  let count = -1;
  await waitFor(
    async () => {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => undefined);
      if (offsets) count = offsets.reduce((sum, p) => sum + Number(p.high), 0);
      return offsets !== undefined;
    },
    { timeoutMs: 20_000, what: `the offsets of ${topic}` },
  );
  return count;
}

/** A realistic session.completed body for a company (its fields as the contract names them). */
export function sessionCompletedBody(companyId: string, overrides: Record<string, unknown> = {}) {
  const completedAt = new Date(Date.now() - 60_000);
  const startedAt = new Date(completedAt.getTime() - 90 * 60_000);
  return {
    type: 'session.completed',
    timestamp: completedAt.toISOString(),
    data: {
      companyId,
      sessionId: randomUUID(),
      volunteerId: randomUUID(),
      participantId: randomUUID(),
      programme: 'Code mentoring',
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      durationMinutes: 90,
      volunteerHours: 2,
      ...overrides,
    },
  };
}

export function feedbackReceivedBody(companyId: string, overrides: Record<string, unknown> = {}) {
  const submittedAt = new Date().toISOString();
  return {
    type: 'feedback.received',
    timestamp: submittedAt,
    data: {
      companyId,
      feedbackId: randomUUID(),
      sessionId: randomUUID(),
      participantId: randomUUID(),
      score: 9,
      comment: 'Clear and patient; I can deploy on my own now.',
      submittedAt,
      ...overrides,
    },
  };
}

export interface SignOptions {
  id?: string;
  /** When it was sent (ms epoch); default now. */
  at?: number;
}

/**
 * A delivery as a Standard Webhooks sender makes it, signed by the reference library
 * (`standardwebhooks`), so the service's own verifier is held to the spec's reading.
 */
export function signed(
  secret: string,
  body: unknown,
  { id = `msg_${randomUUID()}`, at = Date.now() }: SignOptions = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const sentAt = new Date(Math.floor(at / 1000) * 1000);
  return {
    id,
    raw,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(sentAt.getTime() / 1000),
      'webhook-signature': new Webhook(secret).sign(id, sentAt, raw),
    },
  };
}
