import { CompressionTypes, Partitioners, type Message, type Producer } from 'kafkajs';
import type { EventContract, EventKeyInput, EventValueInput } from '@perflab/contracts';
import { DependencyBreaker, type BreakerOptions } from '@perflab/resilience';
import type { KafkaClient } from '../client/kafka-client';
import { publishErrorsTotal, publishedTotal } from '../metrics/messaging.metrics';
import { PublishError } from './publish.error';

export interface PublishItem<E extends EventContract> {
  key: EventKeyInput<E>;
  value: EventValueInput<E>;
  headers?: Record<string, string>;
}

export interface EventPublisherOptions {
  /** Shared breaker for Kafka; by default one named `kafka` per publisher. */
  breaker?: DependencyBreaker;
  breakerOptions?: BreakerOptions;
}

/**
 * Validated, idempotent (acks=all) publishing through the `kafka` breaker.
 * Connects lazily, so a service starts and answers 503 while Kafka is down.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly breaker: DependencyBreaker;
  private readonly compression: CompressionTypes;
  private readonly retryAfterSeconds: number;
  private connection?: Promise<void>;

  constructor(
    kafka: KafkaClient,
    options: EventPublisherOptions = {},
  ) {
    const breakerOptions = { timeoutMs: 5_000, ...options.breakerOptions };
    this.breaker = options.breaker ?? new DependencyBreaker('kafka', breakerOptions);
    this.retryAfterSeconds = Math.ceil((breakerOptions.resetTimeoutMs ?? 5_000) / 1_000);
    this.compression = kafka.config.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    // Idempotent with kafkajs' default unbounded retries: bounding them lets a retried batch
    // reuse a sequence number and be dropped by the broker as a duplicate (silent loss).
    // The breaker timeout bounds how long a caller waits instead.
    this.producer = kafka.native.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Optional eager connect (bootstrap); publish connects on its own when needed. */
  connect(): Promise<void> {
    if (!this.connection) {
      this.connection = this.producer.connect().catch((error: unknown) => {
        this.connection = undefined;
        throw error;
      });
    }
    return this.connection;
  }

  /** Throws ContractViolationError (caller bug, not retryable) or PublishError (retryable). */
  async publish<E extends EventContract>(
    event: E,
    key: EventKeyInput<E>,
    value: EventValueInput<E>,
    headers?: Record<string, string>,
  ): Promise<void> {
    await this.publishBatch(event, [{ key, value, headers }]);
  }

  /** Many messages of one event in one produce request (one round trip, one ack). */
  async publishBatch<E extends EventContract>(event: E, items: PublishItem<E>[]): Promise<void> {
    if (items.length === 0) return;
    // Validation runs before the breaker: a bad message is the caller's fault, not Kafka's.
    const messages: Message[] = items.map(({ key, value, headers }) => ({ ...event.encode(key, value), headers }));
    await this.send(event.topic, messages);
  }

  async disconnect(): Promise<void> {
    this.connection = undefined;
    await this.producer.disconnect();
    this.breaker.shutdown();
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    try {
      await this.breaker.run(async () => {
        await this.connect();
        await this.producer.sendBatch({
          acks: -1,
          compression: this.compression,
          topicMessages: [{ topic, messages }],
        });
      });
    } catch (error) {
      publishErrorsTotal.inc({ topic }, messages.length);
      throw new PublishError(topic, this.retryAfterSeconds, error);
    }
    publishedTotal.inc({ topic }, messages.length);
  }
}
