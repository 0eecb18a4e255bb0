import { testEnv } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka, declareTopics, deleteTopics, describeTopics, EventPublisher } from '../index';
import { testEvent } from '../test-support/test-event';

// Topic set-up and clean-up against the real broker while it is still busy with earlier
// requests: kafkajs caches topic metadata per client, and a cached topic the broker no longer
// (or not yet) serves reads as null inside kafkajs (tulios/kafkajs#549).

const clients = [0, 1].map((i) =>
  createKafka({ brokers: testEnv.kafkaBrokers, clientId: `topics-int-${i}`, logLevel: 'nothing' }),
);
const [kafka, other] = clients;
const leftovers: string[] = [];

afterAll(async () => {
  await deleteTopics(other, leftovers);
  await Promise.all(clients.map((c) => c.disconnect()));
});

/** What a client that has cached nothing sees. */
async function listedByAFreshClient(topics: string[]): Promise<string[]> {
  const fresh = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'topics-int-fresh', logLevel: 'nothing' });
  try {
    const listed = new Set(await (await fresh.admin()).listTopics());
    return topics.filter((t) => listed.has(t));
  } finally {
    await fresh.disconnect();
  }
}

describe('deleteTopics', () => {
  it('returns once the broker no longer lists the topics, right after they were created and written to', async () => {
    for (let round = 0; round < 5; round++) {
      const event = testEvent(`del${round}`, 3);
      const topics = [event.topic, `${event.topic}.dlt`];
      leftovers.push(...topics);
      await declareTopics(kafka, [event]);
      // A producer of its own: kafkajs producers keep refreshing metadata of every topic they
      // ever wrote to, so one that outlives a deleted topic fails its next refresh.
      const publisher = new EventPublisher(kafka);
      try {
        await publisher.publish(event, 'k', { id: 'a', seq: round });
      } finally {
        await publisher.disconnect();
      }
      expect(await describeTopics(kafka, topics)).toEqual(new Map(topics.map((t) => [t, 3])));
      await deleteTopics(kafka, topics);
      expect(await listedByAFreshClient(topics)).toEqual([]);
      expect(await describeTopics(kafka, topics)).toEqual(new Map(topics.map((t) => [t, undefined])));
    }
  });

  it('treats topics that are already gone as deleted, including ones this client still has cached', async () => {
    const event = testEvent('gone', 1);
    leftovers.push(event.topic);
    await declareTopics(kafka, [event], { deadLetter: false });
    expect(await describeTopics(kafka, [event.topic])).toEqual(new Map([[event.topic, 1]]));
    await deleteTopics(other, [event.topic]); // kafka's metadata cache still lists it
    await deleteTopics(kafka, [event.topic, `${event.topic}.never-created`]);
    expect(await describeTopics(kafka, [event.topic])).toEqual(new Map([[event.topic, undefined]]));
  });
});

describe('declareTopics', () => {
  it('recreates a topic that another client deleted while this one still has it cached', async () => {
    const event = testEvent('again', 2);
    leftovers.push(event.topic);
    await declareTopics(kafka, [event], { deadLetter: false });
    await deleteTopics(other, [event.topic]);
    await declareTopics(kafka, [event], { deadLetter: false });
    expect(await describeTopics(other, [event.topic])).toEqual(new Map([[event.topic, 2]]));
    const publisher = new EventPublisher(kafka);
    try {
      await publisher.publish(event, 'k', { id: 'b', seq: 1 });
    } finally {
      await publisher.disconnect();
    }
  });
});
