import {
  Logger,
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
import { describeTopics } from '../topics/declare-topics';
import { waitForTopics } from '../topics/wait-for-topics';
import { KAFKA_CLIENT } from './messaging.di-tokens';

export type ConsumerOptions = Omit<RunConsumerOptions, 'kafka'>;

/** disabled: this process does not run the group; waiting: its topics do not exist yet. */
export type ConsumerState = 'disabled' | 'waiting' | 'running' | 'stopped';

/**
 * A consumer group owned by the application: joins after bootstrap and leaves (committing)
 * on shutdown. It never creates its topics: when they do not exist yet (their producer has
 * not started), it waits for them in the background and joins then.
 */
export class MessagingConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private handle?: ConsumerHandle;
  private waiting?: Promise<void>;
  private stateNow: ConsumerState;

  constructor(
    private readonly kafka: KafkaClient,
    readonly options: ConsumerOptions | null,
  ) {
    this.logger = new Logger(`Consumer ${options?.groupId ?? '(disabled)'}`);
    this.stateNow = options ? 'stopped' : 'disabled';
  }

  get groupId(): string | undefined {
    return this.options?.groupId;
  }

  get topics(): string[] {
    return this.options?.handlers.map((h) => h.event.topic) ?? [];
  }

  get state(): ConsumerState {
    return this.stateNow;
  }

  /** Joined and not crashed since (a crash kafkajs restarts from clears on the next join). */
  get running(): boolean {
    return this.stateNow === 'running' && this.handle?.crash === undefined;
  }

  /** Why the group is not consuming after a crash, if it crashed since it last joined. */
  get crash(): string | undefined {
    return this.handle?.crash;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options) return;
    const found = await describeTopics(this.kafka, this.topics).catch(() => undefined);
    if (found && [...found.values()].every((partitions) => partitions !== undefined)) {
      await this.join(); // the usual case: joined before the app reports ready
      return;
    }
    this.stateNow = 'waiting';
    this.waiting = this.joinWhenTopicsExist();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.waiting;
    await this.handle?.stop();
    this.handle = undefined;
    if (this.options) this.stateNow = 'stopped';
  }

  measureLag(): Promise<LagReport> {
    if (!this.handle) return Promise.reject(new Error(`Consumer ${this.groupId} is not running`));
    return this.handle.measureLag();
  }

  private async join(): Promise<void> {
    this.handle = await runConsumer({ kafka: this.kafka, ...this.options! });
    this.stateNow = 'running';
    this.logger.log(`consuming ${this.topics.join(', ')}`);
  }

  private async joinWhenTopicsExist(): Promise<void> {
    let last = '';
    try {
      await waitForTopics(this.kafka, this.topics, {
        intervalMs: 2_000,
        signal: this.stopping.signal,
        onWait: (reason) => {
          if (reason !== last) this.logger.warn(reason);
          last = reason;
        },
      });
      if (!this.stopping.signal.aborted) await this.join();
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      this.logger.error(`could not join: ${(error as Error).message}`);
      this.stateNow = 'stopped';
    }
  }
}

export interface MessagingConsumerModuleOptions {
  /** Under this token (default MessagingConsumer); give each group its own when a service runs several. */
  provide?: InjectionToken;
  imports?: ModuleMetadata['imports'];
  /** Providers the handlers need (services, repositories), passed to useFactory in order. */
  inject?: InjectionToken[];
  /** The group's options, or null when this process does not run it (e.g. an API-only instance). */
  useFactory: (...deps: never[]) => ConsumerOptions | null | Promise<ConsumerOptions | null>;
}

/** Needs MessagingModule.forRoot in the application. Provides one MessagingConsumer (one group). */
@Module({})
export class MessagingConsumerModule {
  static register(options: MessagingConsumerModuleOptions): DynamicModule {
    const token = options.provide ?? MessagingConsumer;
    return {
      module: MessagingConsumerModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: token,
          useFactory: async (kafka: KafkaClient, ...deps: never[]) =>
            new MessagingConsumer(kafka, await options.useFactory(...deps)),
          inject: [KAFKA_CLIENT, ...(options.inject ?? [])],
        },
      ],
      exports: [token],
    };
  }
}
