import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { KafkaClient } from '../client/kafka-client';
import type { LagReport } from '../consumer/consumer-lag';
import { runConsumer, type ConsumerHandle, type RunConsumerOptions } from '../consumer/run-consumer';
import { KAFKA_CLIENT } from './messaging.di-tokens';

export type ConsumerOptions = Omit<RunConsumerOptions, 'kafka'>;

/** A consumer group owned by the application: joins after bootstrap, leaves (committing) on shutdown. */
export class MessagingConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    private readonly kafka: KafkaClient,
    readonly options: ConsumerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await runConsumer({ kafka: this.kafka, ...this.options });
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  measureLag(): Promise<LagReport> {
    if (!this.handle) return Promise.reject(new Error(`Consumer ${this.options.groupId} is not running`));
    return this.handle.measureLag();
  }
}

export interface MessagingConsumerModuleOptions {
  imports?: ModuleMetadata['imports'];
  /** Providers the handlers need (services, repositories), passed to useFactory in order. */
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => ConsumerOptions | Promise<ConsumerOptions>;
}

/** Needs MessagingModule.forRoot in the application. Provides MessagingConsumer (one group per module). */
@Module({})
export class MessagingConsumerModule {
  static register(options: MessagingConsumerModuleOptions): DynamicModule {
    return {
      module: MessagingConsumerModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: MessagingConsumer,
          useFactory: async (kafka: KafkaClient, ...deps: never[]) =>
            new MessagingConsumer(kafka, await options.useFactory(...deps)),
          inject: [KAFKA_CLIENT, ...(options.inject ?? [])],
        },
      ],
      exports: [MessagingConsumer],
    };
  }
}
