import { testEnv } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka, EventPublisher, kafkaHealthIndicator, MessagingConsumer } from '../index';

describe('kafkaHealthIndicator', () => {
  const reachable = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'health-int', logLevel: 'nothing' });
  // Nothing listens on port 1: a broker that is down.
  const unreachable = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'health-int-down', logLevel: 'nothing' });
  afterAll(async () => {
    await reachable.disconnect();
    await unreachable.disconnect();
  });

  it('is up when the cluster answers and the publisher’s breaker is closed', async () => {
    const publisher = new EventPublisher(reachable);
    const disabled = new MessagingConsumer(reachable, null);
    const result = await kafkaHealthIndicator(reachable, { publisher, consumers: [disabled] }).check();
    expect(result).toMatchObject({
      status: 'up',
      broker: { reachable: true, brokers: expect.any(Number) },
      producer: { breaker: 'closed' },
      consumers: [],
    });
    await publisher.disconnect();
  });

  it('is down, within its bound, when the broker cannot be reached', async () => {
    const started = Date.now();
    const result = await kafkaHealthIndicator(unreachable, { timeoutMs: 1_000 }).check();
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(result).toMatchObject({ status: 'down', broker: { reachable: false, error: expect.any(String) } });
  });

  it('is down when a consumer group this process runs has not joined', async () => {
    const stopped = new MessagingConsumer(reachable, { groupId: 'never-joined', handlers: [] });
    const result = await kafkaHealthIndicator(reachable, { consumers: [stopped] }).check();
    expect(result).toMatchObject({
      status: 'down',
      broker: { reachable: true },
      consumers: [{ groupId: 'never-joined', state: 'stopped', running: false }],
    });
  });
});
