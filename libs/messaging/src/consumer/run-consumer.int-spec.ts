import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS as H, deadLetterTopicOf } from '@perflab/contracts';
import { metricsRegistry } from '@perflab/observability';
import { testEnv, uniqueName, waitFor } from '@perflab/testing';
import {
  createKafka,
  declareTopics,
  deleteTopics,
  EventPublisher,
  onEvent,
  runConsumer,
  totalConsumerLag,
  type ConsumerHandle,
  type RunConsumerOptions,
} from '../index';
import { readTopic } from '../test-support/read-topic';
import { FAST_GROUP, testEvent } from '../test-support/test-event';

const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'consumer-int', logLevel: 'nothing' });
// Each test gets its own topic (and dead-letter topic), so counts never mix.
let event = testEvent('cons');
let dlt = deadLetterTopicOf(event.topic);
let publisher: EventPublisher;
let running: ConsumerHandle[] = [];

async function start(options: Omit<RunConsumerOptions, 'kafka' | 'groupId'>, groupId = uniqueName('g')) {
  const handle = await runConsumer({ kafka, groupId, ...FAST_GROUP, ...options });
  running.push(handle);
  return handle;
}

async function rawProducer() {
  const producer = kafka.native.producer();
  await producer.connect();
  return producer;
}

beforeEach(async () => {
  event = testEvent('cons');
  dlt = deadLetterTopicOf(event.topic);
  await declareTopics(kafka, [event]);
  // A kafkajs producer refreshes metadata for every topic it ever sent to; once one is
  // deleted its sends fail. So one publisher per test topic.
  publisher = new EventPublisher(kafka);
});

afterEach(async () => {
  await Promise.all(running.map((h) => h.stop()));
  running = [];
  await publisher.disconnect();
  await deleteTopics(kafka, [event.topic, dlt]);
});

afterAll(async () => {
  await kafka.disconnect();
});

describe('runConsumer', () => {
  it('refuses to start on a topic that was never declared', async () => {
    const undeclared = testEvent('undeclared');
    await expect(
      runConsumer({ kafka, groupId: uniqueName('g'), handlers: [onEvent(undeclared, async () => undefined)] }),
    ).rejects.toThrow(new RegExp(`topics not declared: ${undeclared.topic.replace(/\./g, '\\.')}, `));
  });

  it('delivers published messages to the group, typed, and commits them on a graceful stop', async () => {
    const seen: { id: string; seq: number; key: string }[] = [];
    const groupId = uniqueName('g');
    const handle = await start(
      { handlers: [onEvent(event, async ({ key, value }) => void seen.push({ ...value, key }))], lagIntervalMs: 100 },
      groupId,
    );
    await publisher.publishBatch(
      event,
      Array.from({ length: 20 }, (_, i) => ({ key: `u${i % 4}`, value: { id: `m${i}`, seq: i } })),
    );
    await waitFor(() => seen.filter((s) => s.id.startsWith('m')).length >= 20, { what: '20 messages handled' });
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.find((s) => s.id === 'm5')).toEqual({ id: 'm5', seq: 5, key: 'u1' });

    // The periodic lag measurement reaches 0 and is exported under both names.
    await waitFor(async () => (await handle.measureLag()).total === 0, { what: 'lag 0' });
    await waitFor(async () => {
      const lag = await metricsRegistry.getSingleMetricAsString('kafka_consumer_lag');
      return lag.includes(`kafka_consumer_lag{topic="${event.topic}",partition="0",group="${groupId}"} 0`);
    });
    const exporterStyle = await metricsRegistry.getSingleMetricAsString('kafka_consumergroup_lag');
    expect(exporterStyle).toContain(`consumergroup="${groupId}",topic="${event.topic}",partition="1"`);
    const consumed = await metricsRegistry.getSingleMetricAsString('kafka_messages_consumed_total');
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="success"} ${seen.length}`);

    await handle.stop();
    running = [];
    const admin = await kafka.admin();
    const committed = await admin.fetchOffsets({ groupId, topics: [event.topic] });
    const ends = await admin.fetchTopicOffsets(event.topic);
    // An empty partition the group never committed reports -1.
    const sum = (xs: { offset: string }[]) => xs.reduce((s, x) => s + Math.max(0, Number(x.offset)), 0);
    expect(sum(committed[0].partitions)).toBe(sum(ends));
    expect(totalConsumerLag()).toBe(0);
  });

  it('dead-letters a message that fails every attempt, after the retries, with the headers', async () => {
    const attempts: number[] = [];
    const handled: string[] = [];
    const groupId = uniqueName('g');
    await start(
      {
        retries: 2,
        handlers: [
          onEvent(event, async ({ value, attempt }) => {
            if (value.id === 'poison') {
              attempts.push(attempt);
              throw new Error('always fails');
            }
            handled.push(value.id);
          }),
        ],
      },
      groupId,
    );
    await publisher.publish(event, 'p', { id: 'poison', seq: 1 }, { 'x-correlation-id': 'corr-9' });
    await publisher.publish(event, 'p', { id: 'after-poison', seq: 2 });
    const [dead] = await readTopic(kafka, dlt, 1);
    expect(attempts).toEqual([1, 2, 3]);
    expect(JSON.parse(dead.value!)).toEqual({ id: 'poison', seq: 1 });
    expect(dead.key).toBe('p');
    expect(dead.headers).toMatchObject({
      'x-correlation-id': 'corr-9',
      [H.originalTopic]: event.topic,
      [H.group]: groupId,
      [H.reason]: 'handler',
      [H.error]: 'Error: always fails',
      [H.attempts]: '3',
    });
    expect(dead.headers[H.originalPartition]).toMatch(/^[01]$/);
    expect(dead.headers[H.originalOffset]).toMatch(/^\d+$/);
    // The partition moves on: the next message on the same key is handled.
    await waitFor(() => handled.includes('after-poison'), { what: 'the message after the poison one' });
    const consumed = await metricsRegistry.getSingleMetricAsString('kafka_messages_consumed_total');
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="failed"} 1`);
  });

  it('dead-letters messages that fail the contract without calling the handler', async () => {
    const handled: unknown[] = [];
    const groupId = uniqueName('g');
    await start({ handlers: [onEvent(event, async ({ value }) => void handled.push(value))] }, groupId);
    const producer = await rawProducer();
    try {
      await producer.send({
        topic: event.topic,
        messages: [
          { key: 'bad', value: '{"id": "no-seq"}' },
          { key: 'bad', value: 'not json at all' },
          { key: 'bad', value: JSON.stringify({ id: 'fine', seq: 3 }) },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const dead = await readTopic(kafka, dlt, 2);
    expect(dead.map((d) => d.headers[H.reason]).sort()).toEqual(['bad_json', 'invalid_value']);
    expect(dead.find((d) => d.headers[H.reason] === 'invalid_value')!.headers[H.error]).toMatch(/seq/);
    expect(dead.every((d) => d.headers[H.attempts] === '0')).toBe(true);
    await waitFor(() => handled.some((v) => (v as { id: string }).id === 'fine'), { what: 'the valid message' });
    expect(handled.filter((v) => ['no-seq'].includes((v as { id: string }).id))).toEqual([]);
    const consumed = await metricsRegistry.getSingleMetricAsString('kafka_messages_consumed_total');
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="invalid"} 2`);
  });

  it('leaves a message uncommitted when stopped during its retries, so the next member gets it', async () => {
    const groupId = uniqueName('g');
    let firstAttempts = 0;
    const first = await start(
      {
        retries: 50,
        backoffMs: 200,
        handlers: [
          onEvent(event, async ({ value }) => {
            if (value.id !== 'stuck') return;
            firstAttempts++;
            throw new Error('dependency down');
          }),
        ],
      },
      groupId,
    );
    await publisher.publish(event, 's', { id: 'stuck', seq: 1 });
    await waitFor(() => firstAttempts >= 2, { what: 'a retry in progress' });
    await first.stop();
    const second: string[] = [];
    await start({ handlers: [onEvent(event, async ({ value }) => void second.push(value.id))] }, groupId);
    await waitFor(() => second.includes('stuck'), { what: 'redelivery to the next member' });
    const admin = await kafka.admin();
    const dltEnds = await admin.fetchTopicOffsets(dlt);
    expect(dltEnds.every((p) => p.high === '0')).toBe(true);
  });
});
