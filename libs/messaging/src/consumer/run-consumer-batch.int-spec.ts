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
  type ConsumerHandle,
  type RunConsumerOptions,
} from '../index';
import { readTopic } from '../test-support/read-topic';
import { FAST_GROUP, testEvent } from '../test-support/test-event';

const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'batch-int', logLevel: 'nothing' });
let event = testEvent('batch');
let dlt = deadLetterTopicOf(event.topic);
let publisher: EventPublisher;
let running: ConsumerHandle[] = [];

async function start(options: Omit<RunConsumerOptions, 'kafka' | 'groupId'>, groupId = uniqueName('g')) {
  const handle = await runConsumer({ kafka, groupId, ...FAST_GROUP, ...options });
  running.push(handle);
  return handle;
}

beforeEach(async () => {
  event = testEvent('batch');
  dlt = deadLetterTopicOf(event.topic);
  await declareTopics(kafka, [event]);
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

describe('runConsumer in batch mode', () => {
  it('handles keys in parallel, each key in publish order, never above the limit, and commits it all', async () => {
    const KEYS = 12;
    const PER_KEY = 15;
    const LIMIT = 8;
    const handled: { key: string; seq: number }[] = [];
    let inFlight = 0;
    let peak = 0;
    const groupId = uniqueName('g');
    const handle = await start(
      {
        batchConcurrency: LIMIT,
        concurrency: 2,
        handlers: [
          onEvent(event, async ({ key, value }) => {
            peak = Math.max(peak, ++inFlight);
            // Uneven durations, so a key-blind scheduler would reorder a key's messages.
            await new Promise((r) => setTimeout(r, (value.seq * 7) % 13));
            handled.push({ key, seq: value.seq });
            inFlight--;
          }),
        ],
      },
      groupId,
    );
    // Published as one batch: the consumer fetches many messages of one partition at once.
    await publisher.publishBatch(
      event,
      Array.from({ length: KEYS * PER_KEY }, (_, i) => ({ key: `k${i % KEYS}`, value: { id: `m${i}`, seq: i } })),
    );
    await waitFor(() => handled.length >= KEYS * PER_KEY, { what: 'every message handled' });

    for (let k = 0; k < KEYS; k++) {
      const seqs = handled.filter((h) => h.key === `k${k}`).map((h) => h.seq);
      expect(seqs).toEqual(Array.from({ length: PER_KEY }, (_, i) => k + i * KEYS));
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(LIMIT);

    await handle.stop();
    running = [];
    const admin = await kafka.admin();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [event.topic] });
    const ends = await admin.fetchTopicOffsets(event.topic);
    for (const end of ends) {
      const offset = committed.partitions.find((p) => p.partition === end.partition)?.offset;
      expect(Math.max(0, Number(offset))).toBe(Number(end.high));
    }
  });

  it('dead-letters after the retries, holds back only that key meanwhile, and dead-letters contract failures unhandled', async () => {
    const attempts: number[] = [];
    const handled: string[] = [];
    const groupId = uniqueName('g');
    await start(
      {
        batchConcurrency: 10,
        retries: 2,
        backoffMs: 100,
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
    const producer = kafka.native.producer();
    await producer.connect();
    try {
      // One partition, one fetch: the poison message, a message behind it on its key, others on other keys.
      await producer.send({
        topic: event.topic,
        messages: [
          {
            partition: 0,
            key: 'p',
            value: JSON.stringify({ id: 'poison', seq: 1 }),
            headers: { 'x-correlation-id': 'c1' },
          },
          { partition: 0, key: 'p', value: JSON.stringify({ id: 'after-poison', seq: 2 }) },
          { partition: 0, key: 'q', value: JSON.stringify({ id: 'other-key', seq: 3 }) },
          { partition: 0, key: 'r', value: '{"id": "no-seq"}' },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const dead = await readTopic(kafka, dlt, 2);
    expect(attempts).toEqual([1, 2, 3]);
    const poison = dead.find((d) => d.headers[H.reason] === 'handler')!;
    expect(JSON.parse(poison.value!)).toEqual({ id: 'poison', seq: 1 });
    expect(poison.headers).toMatchObject({
      'x-correlation-id': 'c1',
      [H.originalTopic]: event.topic,
      [H.originalPartition]: '0',
      [H.originalOffset]: '0',
      [H.group]: groupId,
      [H.error]: 'Error: always fails',
      [H.attempts]: '3',
    });
    const invalid = dead.find((d) => d.headers[H.reason] === 'invalid_value')!;
    expect(invalid.headers[H.attempts]).toBe('0');
    // The other key went ahead during the retries; the poison key's next message waited for the dead-letter.
    await waitFor(() => handled.includes('after-poison'), { what: 'the message after the poison one' });
    expect(handled).toEqual(['other-key', 'after-poison']);
    const consumed = await metricsRegistry.getSingleMetricAsString('kafka_messages_consumed_total');
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="failed"} 1`);
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="invalid"} 1`);
    expect(consumed).toContain(`{topic="${event.topic}",group="${groupId}",outcome="success"} 2`);
  });

  it('on stop during a retry, commits the handled prefix only, and the next member gets the rest', async () => {
    const groupId = uniqueName('g');
    let stuckAttempts = 0;
    const firstHandled: string[] = [];
    const first = await start(
      {
        batchConcurrency: 10,
        retries: 50,
        backoffMs: 200,
        handlers: [
          onEvent(event, async ({ value }) => {
            if (value.id === 'stuck') {
              stuckAttempts++;
              throw new Error('dependency down');
            }
            firstHandled.push(value.id);
          }),
        ],
      },
      groupId,
    );
    const producer = kafka.native.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: event.topic,
        messages: ['before', 'stuck', 'after'].map((id, seq) => ({
          partition: 0,
          key: id === 'after' ? 'other' : 's',
          value: JSON.stringify({ id, seq }),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    await waitFor(() => stuckAttempts >= 2 && firstHandled.includes('after'), { what: 'a retry in progress' });
    await first.stop();
    running = [];
    const admin = await kafka.admin();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [event.topic] });
    // 'before' (offset 0) is committed; 'stuck' (1) is not, though 'after' (2) was handled.
    expect(committed.partitions.find((p) => p.partition === 0)?.offset).toBe('1');

    const second: string[] = [];
    await start(
      { batchConcurrency: 10, handlers: [onEvent(event, async ({ value }) => void second.push(value.id))] },
      groupId,
    );
    await waitFor(() => second.length >= 2, { what: 'redelivery to the next member' });
    expect(second.sort()).toEqual(['after', 'stuck']); // at least once: 'after' comes again
    const dltEnds = await admin.fetchTopicOffsets(dlt);
    expect(dltEnds.every((p) => p.high === '0')).toBe(true);
  });
});
