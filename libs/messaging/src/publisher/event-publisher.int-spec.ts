import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractViolationError, onTopic } from '@perflab/contracts';
import { metricsRegistry } from '@perflab/observability';
import { testEnv } from '@perflab/testing';
import { createKafka, declareTopics, deleteTopics, describeTopics, EventPublisher, PublishError } from '../index';
import { readTopic } from '../test-support/read-topic';
import { testEvent } from '../test-support/test-event';

const kafka = createKafka({
  brokers: testEnv.kafkaBrokers,
  clientId: 'publisher-int',
  compression: 'gzip',
  logLevel: 'nothing',
});
const event = testEvent('pub', 3);
let publisher: EventPublisher;

beforeAll(async () => {
  await declareTopics(kafka, [event]);
  publisher = new EventPublisher(kafka);
});

afterAll(async () => {
  await publisher.disconnect();
  await deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]);
  await kafka.disconnect();
});

async function endOffsetTotal(topic: string): Promise<number> {
  const admin = await kafka.admin();
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

describe('declareTopics', () => {
  it('creates the topic and its dead-letter topic, is idempotent, and grows partitions', async () => {
    expect(await describeTopics(kafka, [event.topic, `${event.topic}.dlt`])).toEqual(
      new Map([
        [event.topic, 3],
        [`${event.topic}.dlt`, 3],
      ]),
    );
    const other = testEvent('grow', 1);
    const grown = onTopic(testEvent('unused', 4), other.topic);
    try {
      await declareTopics(kafka, [other], { deadLetter: false });
      await declareTopics(kafka, [other], { deadLetter: false });
      await Promise.all([
        declareTopics(kafka, [grown], { deadLetter: false }),
        declareTopics(kafka, [grown], { deadLetter: false }),
      ]);
      expect(await describeTopics(kafka, [other.topic, `${other.topic}.dlt`])).toEqual(
        new Map([
          [other.topic, 4],
          [`${other.topic}.dlt`, undefined],
        ]),
      );
    } finally {
      await deleteTopics(kafka, [other.topic]);
    }
  });
});

describe('EventPublisher', () => {
  it('publishes single messages and batches (gzip) that a reader gets back intact', async () => {
    await publisher.publish(event, 'k-0', { id: 'a', seq: 0 }, { 'x-correlation-id': 'c-1' });
    await publisher.publishBatch(
      event,
      Array.from({ length: 9 }, (_, i) => ({ key: `k-${i + 1}`, value: { id: `b${i}`, seq: i + 1 } })),
    );
    const messages = await readTopic(kafka, event.topic, 10);
    expect(messages).toHaveLength(10);
    const first = messages.find((m) => m.key === 'k-0')!;
    expect(JSON.parse(first.value!)).toEqual({ id: 'a', seq: 0 });
    expect(first.headers['x-correlation-id']).toBe('c-1');
    expect(messages.map((m) => JSON.parse(m.value!).seq).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const published = await metricsRegistry.getSingleMetricAsString('kafka_messages_published_total');
    expect(published).toContain(`kafka_messages_published_total{topic="${event.topic}"} 10`);
  });

  it('lands every one of many concurrent publishes exactly once (idempotent producer)', async () => {
    const before = await endOffsetTotal(event.topic);
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => publisher.publish(event, `c-${i % 23}`, { id: `c${i}`, seq: i })),
    );
    expect((await endOffsetTotal(event.topic)) - before).toBe(500);
  });

  it('refuses a message that breaks the contract before it reaches Kafka', async () => {
    const before = await endOffsetTotal(event.topic);
    await expect(publisher.publish(event, 'k', { id: 'x', seq: 1.5 })).rejects.toBeInstanceOf(ContractViolationError);
    await expect(publisher.publish(event, '', { id: 'x', seq: 1 })).rejects.toThrow(/invalid key/);
    expect(await endOffsetTotal(event.topic)).toBe(before);
  });

  it('rejects with a retryable error when the broker is unreachable, and counts it', async () => {
    const nowhere = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'nowhere', retries: 1, logLevel: 'nothing' });
    const stranded = new EventPublisher(nowhere, { breakerOptions: { timeoutMs: 3_000 } });
    try {
      const error = await stranded.publish(event, 'k', { id: 'lost?', seq: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PublishError);
      expect(error).toMatchObject({ retryable: true, topic: event.topic, retryAfterSeconds: 5 });
      const errors = await metricsRegistry.getSingleMetricAsString('kafka_publish_errors_total');
      expect(errors).toContain(`kafka_publish_errors_total{topic="${event.topic}"} 1`);
    } finally {
      await stranded.disconnect().catch(() => undefined);
    }
  });
});
