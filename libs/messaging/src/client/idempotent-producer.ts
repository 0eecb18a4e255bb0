import { Partitioners, type Producer } from 'kafkajs';
import type { KafkaClient } from './kafka-client';

/**
 * acks=all idempotent producer. Retries are unbounded on purpose: kafkajs would otherwise
 * inherit the client's bounded retries, and a batch given up after it reached the broker
 * lets the next batch reuse its sequence number and be dropped as a duplicate (silent loss).
 * Callers bound their wait elsewhere (the `kafka` breaker timeout). See ADR 0004.
 */
export function idempotentProducer(kafka: KafkaClient): Producer {
  return kafka.native.producer({
    idempotent: true,
    maxInFlightRequests: 5, // the most Kafka allows while keeping idempotent ordering
    retry: { retries: Number.MAX_SAFE_INTEGER },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
