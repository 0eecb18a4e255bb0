import { testEnv, uniqueName, waitFor } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka, declareTopics, deleteKafkaLeftovers, describeTopics } from '../index';
import { testEvent } from '../test-support/test-event';

const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'leftovers-int', logLevel: 'nothing' });

afterAll(() => kafka.disconnect());

describe('deleteKafkaLeftovers', () => {
  it('deletes the topics with their .dlt and the groups; groups that never existed are no error', async () => {
    const event = testEvent('leftover', 1);
    const topics = [event.topic, `${event.topic}.dlt`];
    await declareTopics(kafka, [event]);
    expect(await describeTopics(kafka, topics)).toEqual(new Map(topics.map((t) => [t, 1])));
    const admin = await kafka.admin();
    const group = uniqueName('leftover-group');
    // A group with committed offsets and no members; the new partition may need a moment to be served.
    await waitFor(
      () =>
        admin
          .setOffsets({ groupId: group, topic: event.topic, partitions: [{ partition: 0, offset: '0' }] })
          .then(() => true),
      { what: `offsets of ${group}` },
    );
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(group);

    await deleteKafkaLeftovers(testEnv.kafkaBrokers, { topics: [event.topic], groups: [group, `${group}-never`] });

    // Asked by a client that cached nothing (this file's still lists the deleted topics, kafkajs#549).
    const fresh = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'leftovers-int-fresh', logLevel: 'nothing' });
    try {
      const freshAdmin = await fresh.admin();
      const listed = await freshAdmin.listTopics();
      expect(listed.filter((t) => topics.includes(t))).toEqual([]);
      expect((await freshAdmin.listGroups()).groups.map((g) => g.groupId)).not.toContain(group);
    } finally {
      await fresh.disconnect();
    }
  });
});
