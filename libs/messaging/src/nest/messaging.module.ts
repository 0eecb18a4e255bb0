import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { EventContract } from '@perflab/contracts';
import { LOGGER, type Logger as ServiceLogger } from '@perflab/observability';
import { backoffDelay } from '@perflab/resilience';
import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, type KafkaClient } from '../client/kafka-client';
import type { MessagingConfig } from '../client/messaging-config';
import { OutboxRelay } from '../outbox/outbox-relay';
import { EventPublisher, type EventPublisherOptions } from '../publisher/event-publisher';
import { declareTopics } from '../topics/declare-topics';
import { KAFKA_CLIENT, MESSAGING_OPTIONS } from './messaging.di-tokens';

const DECLARE_WAIT_MS = 3_000;

export interface OutboxOptions {
  /** The service's pool (`Database.pool`): the relay reads the service's own `outbox_events`. */
  pool: Pool;
  batchSize?: number;
  pollIntervalMs?: number;
  maxBackoffMs?: number;
}

export interface MessagingModuleOptions {
  config: MessagingConfig;
  /**
   * The events this service produces. Their topics (and `.dlt`s) are declared with the
   * partition counts of their contracts; topics the service only consumes are not declared
   * (MessagingConsumerModule waits for them).
   */
  produces?: EventContract[];
  publisher?: EventPublisherOptions;
  /** Publish `produces` events through the transactional outbox (provides OutboxRelay). */
  outbox?: OutboxOptions;
}

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

/**
 * Kafka is not a start-up dependency: writes go to the outbox and wait there. Topics are
 * declared at init when Kafka answers, else retried in the background (the relay is nudged
 * once they exist); the relay runs from bootstrap until the consumers have stopped.
 */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly stopping = new AbortController();
  private declaring?: Promise<void>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const produces = this.options.produces ?? [];
    if (produces.length === 0) return;
    // Wait a little, so consumers in this app usually find their topics at bootstrap, but
    // never hold start-up for an unreachable Kafka.
    const first = declareTopics(this.kafka, produces).then(
      (): true => true,
      (error: unknown) => error as Error,
    );
    const outcome = await Promise.race([first, sleep(DECLARE_WAIT_MS, 'pending' as const, { ref: false })]);
    if (outcome === true) return;
    const reason = outcome === 'pending' ? `no answer in ${DECLARE_WAIT_MS} ms` : outcome.message;
    this.logger.warn(`Kafka not ready (${reason}); declaring topics in the background`);
    this.declaring = first.then((done) =>
      done === true ? this.declared(produces) : this.declareInBackground(produces),
    );
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.declaring;
    await this.relay?.stop();
  }

  // After every consumer stopped (they stop in onModuleDestroy, an earlier phase).
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
    await this.kafka.disconnect();
  }

  private declared(produces: EventContract[]): void {
    this.logger.log(`declared ${produces.map((e) => e.topic).join(', ')}`);
    this.relay?.nudge();
  }

  private async declareInBackground(produces: EventContract[]): Promise<void> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        await sleep(backoffDelay(attempt, 1_000, 30_000), undefined, { signal: this.stopping.signal });
        await declareTopics(this.kafka, produces);
        this.declared(produces);
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        this.logger.warn(`Kafka not ready (${(error as Error).message}); events wait in the outbox`);
      }
    }
  }
}

/**
 * Global: one Kafka client, one EventPublisher and (with `outbox`) one OutboxRelay per
 * application. Consumer groups: MessagingConsumerModule.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: KAFKA_CLIENT,
          // kafkajs logs through the service's logger (ObservabilityModule's LOGGER), unless the config names one.
          useFactory: (o: MessagingModuleOptions, logger?: ServiceLogger) =>
            createKafka({ ...o.config, logger: o.config.logger ?? logger }),
          inject: [MESSAGING_OPTIONS, { token: LOGGER, optional: true }],
        },
        {
          provide: EventPublisher,
          useFactory: (kafka: KafkaClient, o: MessagingModuleOptions) => new EventPublisher(kafka, o.publisher),
          inject: [KAFKA_CLIENT, MESSAGING_OPTIONS],
        },
        {
          provide: OutboxRelay,
          useFactory: (publisher: EventPublisher, o: MessagingModuleOptions) => {
            if (!o.outbox) return null;
            const logger = new Logger('Outbox');
            return new OutboxRelay({
              ...o.outbox,
              publisher,
              events: o.produces ?? [],
              onError: (error, failures) =>
                logger.warn(`publish failed (${failures} in a row), rows kept: ${(error as Error).message}`),
              onDeadLetter: (error) => logger.error(`${error.message}; moved to outbox_dead_letters`),
            });
          },
          inject: [EventPublisher, MESSAGING_OPTIONS],
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA_CLIENT, EventPublisher, OutboxRelay],
    };
  }
}
