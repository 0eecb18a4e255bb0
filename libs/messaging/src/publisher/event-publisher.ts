import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import type { EventContract, EventKeyInput, EventValueInput } from '@perflab/contracts';
import { DependencyBreaker, type BreakerOptions } from '@perflab/resilience';
import { idempotentProducer } from '../client/idempotent-producer';
import type { KafkaClient } from '../client/kafka-client';
import { publishErrorsTotal, publishedTotal } from '../metrics/messaging.metrics';
import { MicroBatcher } from '@perflab/async';
import { PublishError } from './publish.error';

interface Outgoing {
  topic: string;
  message: Message;
}

export interface PublishItem<E extends EventContract> {
  key: EventKeyInput<E>;
  value: EventValueInput<E>;
  headers?: Record<string, string>;
}

export interface EventPublisherOptions {
  /** Shared breaker for Kafka; by default one named `kafka` per publisher. */
  breaker?: DependencyBreaker;
  breakerOptions?: BreakerOptions;
  /**
   * Publishes issued within this window share one produce request (default 0: those issued
   * in the same event-loop turn). kafkajs has no linger of its own; one request per call
   * caps a process at a few hundred messages per second.
   */
  lingerMs?: number;
  /** Largest number of messages in one produce request (default 500). */
  maxBatchSize?: number;
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
  private readonly batcher: MicroBatcher<Outgoing>;
  private connection?: Promise<void>;

  constructor(kafka: KafkaClient, options: EventPublisherOptions = {}) {
    const breakerOptions = { timeoutMs: 5_000, ...options.breakerOptions };
    this.breaker = options.breaker ?? new DependencyBreaker('kafka', breakerOptions);
    this.retryAfterSeconds = Math.ceil((breakerOptions.resetTimeoutMs ?? 5_000) / 1_000);
    this.compression = kafka.config.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.producer = idempotentProducer(kafka);
    this.batcher = new MicroBatcher((batch) => this.send(batch), {
      lingerMs: options.lingerMs ?? 0,
      maxBatch: options.maxBatchSize ?? 500,
    });
  }

  /** The `kafka` breaker's state: open means recent publishes failed and new ones fail fast. */
  get breakerState(): string {
    return this.breaker.state;
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

  /** Many messages of one event, sent together (one round trip, one ack, up to maxBatchSize). */
  async publishBatch<E extends EventContract>(event: E, items: PublishItem<E>[]): Promise<void> {
    // Validation runs before the breaker: a bad message is the caller's fault, not Kafka's.
    const outgoing = items.map(({ key, value, headers }) => ({
      topic: event.topic,
      message: { ...event.encode(key, value), headers },
    }));
    try {
      await this.batcher.add(outgoing);
    } catch (error) {
      throw new PublishError(event.topic, this.retryAfterSeconds, error);
    }
  }

  /** Sends what is still waiting, then closes the connection. */
  async disconnect(): Promise<void> {
    await this.batcher.drain().catch(() => undefined);
    this.connection = undefined;
    await this.producer.disconnect();
    this.breaker.shutdown();
  }

  private async send(batch: Outgoing[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) {
      const messages = byTopic.get(topic);
      if (messages) messages.push(message);
      else byTopic.set(topic, [message]);
    }
    try {
      await this.breaker.run(async () => {
        await this.connect();
        await this.producer.sendBatch({
          acks: -1,
          compression: this.compression,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      });
    } catch (error) {
      for (const [topic, messages] of byTopic) publishErrorsTotal.inc({ topic }, messages.length);
      throw error;
    }
    for (const [topic, messages] of byTopic) publishedTotal.inc({ topic }, messages.length);
  }
}
