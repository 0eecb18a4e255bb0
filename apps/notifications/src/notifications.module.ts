import { DynamicModule, Global, Module, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { AuthGuardModule, tokenVerifierOptionsFrom } from '@perflab/auth-guard';
import { CacheModule, REDIS, redisHealthIndicator, type RedisClient } from '@perflab/cache';
import type { NotificationChannel } from '@perflab/contracts';
import { DATABASE, DatabaseModule, databaseHealthIndicator } from '@perflab/database';
import { HealthModule } from '@perflab/health';
import {
  EventPublisher,
  KAFKA_CLIENT,
  MessagingConsumerModule,
  kafkaHealthIndicator,
  outboxPublishingModule,
  type KafkaClient,
  type MessagingConsumer,
} from '@perflab/messaging';
import { CacheWarmingJob } from './cache-warming/cache-warming.job';
import { CreateNotificationBatchHttpController } from './create-notification-batch/create-notification-batch.http.controller';
import { CreateNotificationHttpController } from './create-notification/create-notification.http.controller';
import { CreateNotificationService } from './create-notification/create-notification.service';
import { DeliveryService } from './delivery/delivery.service';
import { ProviderRegistry } from './delivery/provider-registry';
import { SimulatedProvider } from './delivery/simulated-provider';
import { Sweeper } from './delivery/sweeper';
import { ExpiredIdempotencyKeysJob } from './idempotency/expired-keys.job';
import { deliveryConsumerOptions } from './delivery/delivery.consumer';
import { GetNotificationHttpController } from './get-notification/get-notification.http.controller';
import { workerHealthIndicator } from './health/worker-health';
import { ListNotificationsHttpController } from './list-notifications/list-notifications.http.controller';
import { MarkReadHttpController } from './mark-read/mark-read.http.controller';
import { MarkReadService } from './mark-read/mark-read.service';
import { NOTIFICATIONS_CONFIG, servesApi, type NotificationsConfig } from './notifications.config';
import { chatMessageConsumerOptions } from './chat-message/chat-message.consumer';
import { ChatNotificationService } from './chat-message/chat-notification.service';
import {
  CHAT_CONSUMER,
  CHAT_MESSAGE_EVENT,
  DELIVERY_CONSUMER,
  NOTIFICATION_EVENT,
  USER_REGISTERED_EVENT,
  WELCOME_CONSUMER,
} from './notifications.di-tokens';
import { PrismaClient } from './notifications.prisma';
import { ScheduledDispatcher } from './scheduling/scheduled-dispatcher';
import { NotificationCache } from './shared/notification.cache';
import {
  chatMessageEventOn,
  notificationEventOn,
  userRegisteredEventOn,
  type ChatMessageEvent,
  type UserRegisteredEvent,
} from './shared/notification.events';
import { NotificationRepository } from './shared/notification.repository';
import { UnreadCountHttpController } from './unread-count/unread-count.http.controller';
import { welcomeConsumerOptions } from './welcome/welcome.consumer';
import { WelcomeService } from './welcome/welcome.service';

/** Config and the event contracts, global so every module's factories can inject them. */
@Global()
@Module({})
class NotificationsCoreModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsCoreModule,
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: NOTIFICATION_EVENT, useValue: notificationEventOn(config.NOTIFICATIONS_TOPIC) },
        { provide: USER_REGISTERED_EVENT, useValue: userRegisteredEventOn(config.USER_REGISTERED_TOPIC) },
        { provide: CHAT_MESSAGE_EVENT, useValue: chatMessageEventOn(config.CHAT_MESSAGES_TOPIC) },
      ],
      exports: [NOTIFICATIONS_CONFIG, NOTIFICATION_EVENT, USER_REGISTERED_EVENT, CHAT_MESSAGE_EVENT],
    };
  }
}

@Injectable()
class ProviderRegistryLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ProviderRegistry) private readonly registry: ProviderRegistry) {}
  onApplicationShutdown(): void {
    this.registry.shutdown();
  }
}

function providerRegistry(config: NotificationsConfig, redis: RedisClient): ProviderRegistry {
  const settings: Record<NotificationChannel, { latencyMs: number; failureRate: number }> = {
    EMAIL: { latencyMs: config.PROVIDER_EMAIL_LATENCY_MS, failureRate: config.PROVIDER_EMAIL_FAILURE_RATE },
    SMS: { latencyMs: config.PROVIDER_SMS_LATENCY_MS, failureRate: config.PROVIDER_SMS_FAILURE_RATE },
    PUSH: { latencyMs: config.PROVIDER_PUSH_LATENCY_MS, failureRate: config.PROVIDER_PUSH_FAILURE_RATE },
    IN_APP: { latencyMs: config.PROVIDER_IN_APP_LATENCY_MS, failureRate: config.PROVIDER_IN_APP_FAILURE_RATE },
  };
  const providers = Object.entries(settings).map(
    ([channel, s]) =>
      new SimulatedProvider(channel as NotificationChannel, {
        ...s,
        redis,
        keyPrefix: config.REDIS_KEY_PREFIX,
        idempotencyTtlSeconds: config.PROVIDER_IDEMPOTENCY_TTL_SECONDS,
        ledgerKey: config.PROVIDER_LEDGER_KEY || undefined,
      }),
  );
  return new ProviderRegistry(providers, config.PROVIDER_TIMEOUT_MS);
}

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    const notificationEvent = notificationEventOn(config.NOTIFICATIONS_TOPIC);
    return {
      module: NotificationsModule,
      imports: [
        NotificationsCoreModule.forRoot(config),
        DatabaseModule.forService({
          service: 'notifications',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        CacheModule.forRoot({
          url: config.REDIS_URL,
          namespace: config.REDIS_KEY_PREFIX,
          defaultTtlSeconds: config.NOTIFICATION_CACHE_TTL_SECONDS,
        }),
        AuthGuardModule.forRoot(tokenVerifierOptionsFrom(config)),
        // notification.requested goes out through the outbox: the rows and their messages are
        // committed together, 202 follows the commit, the relay publishes. user.registered is
        // auth's topic: this service only consumes it (and waits for it to exist).
        outboxPublishingModule({
          config,
          database: DATABASE,
          produces: [notificationEvent],
        }),
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            { inject: [REDIS], useFactory: (redis: RedisClient) => redisHealthIndicator(redis) },
            {
              inject: [KAFKA_CLIENT, EventPublisher, DELIVERY_CONSUMER, WELCOME_CONSUMER, CHAT_CONSUMER],
              useFactory: (
                kafka: KafkaClient,
                publisher: EventPublisher,
                delivery: MessagingConsumer,
                welcome: MessagingConsumer,
                chat: MessagingConsumer,
              ) => kafkaHealthIndicator(kafka, { publisher, consumers: [delivery, welcome, chat] }),
            },
            {
              inject: [DELIVERY_CONSUMER, WELCOME_CONSUMER, Sweeper, ScheduledDispatcher],
              useFactory: workerHealthIndicator,
            },
          ],
          imports: [NotificationsWorkerModule, NotificationsConsumersModule],
        }),
        NotificationsWorkerModule,
        NotificationsConsumersModule,
      ],
      // ROLE=worker: no API routes (they answer 404), no cache warming or idempotency-key cleanup; health and metrics stay.
      controllers: servesApi(config)
        ? [
            CreateNotificationHttpController,
            CreateNotificationBatchHttpController,
            ListNotificationsHttpController,
            GetNotificationHttpController,
            MarkReadHttpController,
            UnreadCountHttpController,
          ]
        : [],
      providers: servesApi(config)
        ? [CreateNotificationService, MarkReadService, CacheWarmingJob, ExpiredIdempotencyKeysJob]
        : [],
    };
  }
}

/** Shared services plus the worker side: consumers, sweeper, scheduler. */
@Global()
@Module({
  providers: [
    NotificationRepository,
    NotificationCache,
    WelcomeService,
    ChatNotificationService,
    {
      provide: ProviderRegistry,
      inject: [NOTIFICATIONS_CONFIG, REDIS],
      useFactory: providerRegistry,
    },
    ProviderRegistryLifecycle,
    {
      provide: DeliveryService,
      inject: [NotificationRepository, ProviderRegistry, NotificationCache, NOTIFICATIONS_CONFIG],
      useFactory: (
        repository: NotificationRepository,
        providers: ProviderRegistry,
        cache: NotificationCache,
        config: NotificationsConfig,
      ) =>
        new DeliveryService(repository, providers, cache, {
          retries: config.DELIVERY_RETRIES,
          backoffMs: config.DELIVERY_BACKOFF_MS,
          maxBackoffMs: config.DELIVERY_MAX_BACKOFF_MS,
          leaseSeconds: config.PROCESSING_LEASE_SECONDS,
          retryBudgetMs: config.DELIVERY_RETRY_BUDGET_MS,
        }),
    },
    Sweeper,
    ScheduledDispatcher,
  ],
  exports: [
    NotificationRepository,
    NotificationCache,
    WelcomeService,
    ChatNotificationService,
    Sweeper,
    ScheduledDispatcher,
    DeliveryService,
  ],
})
class NotificationsWorkerModule {}

const deliveryConsumer = MessagingConsumerModule.register({
  provide: DELIVERY_CONSUMER,
  imports: [NotificationsWorkerModule],
  inject: [NOTIFICATIONS_CONFIG, NOTIFICATION_EVENT, DeliveryService, NotificationRepository],
  useFactory: deliveryConsumerOptions,
});

const welcomeConsumer = MessagingConsumerModule.register({
  provide: WELCOME_CONSUMER,
  imports: [NotificationsWorkerModule],
  inject: [NOTIFICATIONS_CONFIG, USER_REGISTERED_EVENT, WelcomeService],
  useFactory: (config: NotificationsConfig, event: UserRegisteredEvent, welcome: WelcomeService) =>
    welcomeConsumerOptions(config, event, welcome),
});

const chatConsumer = MessagingConsumerModule.register({
  provide: CHAT_CONSUMER,
  imports: [NotificationsWorkerModule],
  inject: [NOTIFICATIONS_CONFIG, CHAT_MESSAGE_EVENT, ChatNotificationService],
  useFactory: (config: NotificationsConfig, event: ChatMessageEvent, chat: ChatNotificationService) =>
    chatMessageConsumerOptions(config, event, chat),
});

/** The service's consumer groups, wired by @perflab/messaging (join after bootstrap, leave committed). */
@Module({
  imports: [deliveryConsumer, welcomeConsumer, chatConsumer],
  exports: [deliveryConsumer, welcomeConsumer, chatConsumer],
})
class NotificationsConsumersModule {}
