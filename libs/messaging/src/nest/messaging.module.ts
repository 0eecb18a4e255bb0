import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { createKafka, type KafkaClient } from '../client/kafka-client';
import type { MessagingConfig } from '../client/messaging-config';
import { EventPublisher, type EventPublisherOptions } from '../publisher/event-publisher';
import { declareTopics, type TopicSpec } from '../topics/declare-topics';
import { KAFKA_CLIENT, MESSAGING_OPTIONS } from './messaging.di-tokens';

export interface MessagingModuleOptions {
  config: MessagingConfig;
  /** Topics this service produces or consumes, created at start-up. */
  topics?: TopicSpec[];
  publisher?: EventPublisherOptions;
}

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  // Start-up fails when Kafka is unreachable: topics must exist before anything consumes or publishes.
  async onModuleInit(): Promise<void> {
    if (this.options.topics?.length) await declareTopics(this.kafka, this.options.topics);
    await this.publisher.connect();
  }

  // After every consumer stopped (they stop in onModuleDestroy, an earlier phase).
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.kafka.disconnect();
  }
}

/** Global: one Kafka client and one EventPublisher per application. */
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
          useFactory: (o: MessagingModuleOptions) => createKafka(o.config),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: EventPublisher,
          useFactory: (kafka: KafkaClient, o: MessagingModuleOptions) => new EventPublisher(kafka, o.publisher),
          inject: [KAFKA_CLIENT, MESSAGING_OPTIONS],
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA_CLIENT, EventPublisher],
    };
  }
}
