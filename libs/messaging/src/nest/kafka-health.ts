import type { KafkaClient } from '../client/kafka-client';
import type { EventPublisher } from '../publisher/event-publisher';
import type { MessagingConsumer } from './messaging-consumer.module';

export interface KafkaHealthOptions {
  /** The service's publisher: an open `kafka` breaker means publishes are failing. */
  publisher?: EventPublisher;
  /** The groups this process runs; a disabled one or one waiting for its topics is not a fault. */
  consumers?: MessagingConsumer[];
  /** How long the broker may take to answer (default 1.5 s, inside the health check's own bound). */
  timeoutMs?: number;
}

/**
 * `/health/kafka`: the cluster answers a metadata request (admin connection), the publisher's
 * breaker is not open, and every consumer group this process runs is joined and not crashed.
 * Readiness includes it, so an instance that can neither publish nor consume says so (503).
 */
export function kafkaHealthIndicator(kafka: KafkaClient, options: KafkaHealthOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 1_500;
  return {
    name: 'kafka',
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const broker = await Promise.race([
        kafka
          .admin()
          .then((admin) => admin.describeCluster())
          .then(({ brokers }) => ({ reachable: true, brokers: brokers.length })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
        }),
      ])
        .catch((error: unknown) => ({ reachable: false, error: (error as Error).message }))
        .finally(() => clearTimeout(timer));
      const producer = options.publisher ? { breaker: options.publisher.breakerState } : undefined;
      const consumers = (options.consumers ?? [])
        .filter((c) => c.state !== 'disabled')
        .map((c) => ({ groupId: c.groupId, state: c.state, running: c.running, crash: c.crash ?? null }));
      const up =
        broker.reachable &&
        producer?.breaker !== 'open' &&
        consumers.every((c) => c.running || (c.state === 'waiting' && c.crash === null));
      return { status: up ? ('up' as const) : ('down' as const), broker, producer, consumers };
    },
  };
}
