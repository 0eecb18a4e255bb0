import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@perflab/testing';
import {
  createKafka,
  declareTopics,
  deleteTopics,
  describeTopics,
  EventPublisher,
  MessagingConsumer,
  MessagingConsumerModule,
  MessagingModule,
  onEvent,
} from '../index';
import { FAST_GROUP, testEvent } from '../test-support/test-event';

const event = testEvent('nest');
const groupId = uniqueName('nest');
const admin = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'nest-int-admin', logLevel: 'nothing' });

/** Stands in for a service's own provider that a handler needs. */
@Injectable()
class Inbox {
  readonly ids: string[] = [];
}

@Module({ providers: [Inbox], exports: [Inbox] })
class InboxModule {}

afterAll(async () => {
  const client = await admin.admin();
  await client.deleteGroups([groupId]).catch(() => undefined);
  await deleteTopics(admin, [event.topic, `${event.topic}.dlt`]);
  await admin.disconnect();
});

describe('MessagingModule + MessagingConsumerModule', () => {
  it('declares topics on init, runs the group with injected handlers, and stops it on close', async () => {
    const app = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({
          config: { brokers: testEnv.kafkaBrokers, clientId: 'nest-int', logLevel: 'nothing' },
          produces: [event],
        }),
        MessagingConsumerModule.register({
          imports: [InboxModule],
          inject: [Inbox],
          useFactory: (inbox: Inbox) => ({
            groupId,
            ...FAST_GROUP,
            handlers: [onEvent(event, async ({ value }) => void inbox.ids.push(value.id))],
          }),
        }),
      ],
    }).compile();
    await app.init();

    expect(await describeTopics(admin, [event.topic])).toEqual(new Map([[event.topic, 2]]));
    expect(app.get(MessagingConsumer).running).toBe(true);
    await app.get(EventPublisher).publish(event, 'k', { id: 'via-nest', seq: 1 });
    const inbox = app.get(Inbox);
    await waitFor(() => inbox.ids.includes('via-nest'), { what: 'the handler to run' });

    await app.close();
    expect(app.get(MessagingConsumer).running).toBe(false);
    const client = await admin.admin();
    const { groups } = await client.describeGroups([groupId]);
    expect(groups[0].state).toBe('Empty'); // left the group on shutdown, not just vanished
    const [committed] = await client.fetchOffsets({ groupId, topics: [event.topic] });
    const total = committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(total).toBe(1);
  });

  it('a consumer never creates its topic: it waits for the producer to declare it, then joins', async () => {
    const later = testEvent('nest-later', 3);
    const laterGroup = uniqueName('nest-later');
    const app = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({
          config: { brokers: testEnv.kafkaBrokers, clientId: 'nest-int', logLevel: 'nothing' },
        }),
        MessagingConsumerModule.register({
          useFactory: () => ({
            groupId: laterGroup,
            ...FAST_GROUP,
            handlers: [onEvent(later, async () => undefined)],
          }),
        }),
      ],
    }).compile();
    try {
      await app.init();
      const consumer = app.get(MessagingConsumer);
      expect(consumer.state).toBe('waiting');
      expect(await describeTopics(admin, [later.topic])).toEqual(new Map([[later.topic, undefined]]));

      await declareTopics(admin, [later]); // the producer starts
      await waitFor(() => consumer.running, { timeoutMs: 20_000, what: 'the consumer to join' });
      expect(await describeTopics(admin, [later.topic])).toEqual(new Map([[later.topic, 3]]));
    } finally {
      await app.close();
      const client = await admin.admin();
      await client.deleteGroups([laterGroup]).catch(() => undefined);
      await deleteTopics(admin, [later.topic, `${later.topic}.dlt`]);
    }
  });
});
