import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  KAFKA_CLIENT,
  onEvent,
  runConsumer,
  type ConsumerHandle,
  type KafkaClient,
  type LagReport,
} from '@perflab/messaging';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications.config';
import { NOTIFICATION_EVENT, USER_REGISTERED_EVENT } from '../notifications.di-tokens';
import type { NotificationEvent, UserRegisteredEvent } from '../shared/notification.events';
import { WelcomeService } from '../welcome/welcome.service';
import { NotificationRepository } from '../shared/notification.repository';
import { BatchedDeliveryStore } from './batched-delivery-store';
import { DeliveryService } from './delivery.service';

export interface ConsumerStatus {
  groupId: string;
  topics: string[];
  running: boolean;
}

/**
 * The service's two consumer groups: `notification-workers` (delivery) and
 * `notification-welcome` (auth's user.registered). They join after bootstrap and leave,
 * committing what they handled, before the database and Kafka clients close.
 */
@Injectable()
export class WorkerConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WorkerConsumers');
  private delivery?: ConsumerHandle;
  private welcome?: ConsumerHandle;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NOTIFICATION_EVENT) private readonly notificationEvent: NotificationEvent,
    @Inject(USER_REGISTERED_EVENT) private readonly userRegisteredEvent: UserRegisteredEvent,
    private readonly deliveryService: DeliveryService,
    private readonly welcomeService: WelcomeService,
    private readonly repository: NotificationRepository,
  ) {}

  /** In batch mode, concurrent deliveries share their claim and SENT statements (ADR 0006). */
  private deliveryPath(): DeliveryService {
    const { DELIVERY_BATCH_CONCURRENCY: concurrency, DELIVERY_BATCH_STATEMENTS: batched } = this.config;
    if (concurrency === 0 || !batched) return this.deliveryService;
    const store = new BatchedDeliveryStore(this.repository, this.repository, concurrency);
    return this.deliveryService.withStore(store);
  }

  get enabled(): boolean {
    return this.config.WORKER_ENABLED;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WORKER_ENABLED) return;
    const common = {
      kafka: this.kafka,
      retries: this.config.DELIVERY_RETRIES,
      backoffMs: this.config.DELIVERY_BACKOFF_MS,
      maxBackoffMs: this.config.DELIVERY_MAX_BACKOFF_MS,
      sessionTimeoutMs: this.config.CONSUMER_SESSION_TIMEOUT_MS,
      rebalanceTimeoutMs: this.config.CONSUMER_REBALANCE_TIMEOUT_MS,
      heartbeatIntervalMs: this.config.CONSUMER_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: this.config.CONSUMER_MAX_WAIT_MS,
    };
    const delivery = this.deliveryPath();
    this.delivery = await runConsumer({
      ...common,
      groupId: this.config.NOTIFICATIONS_GROUP,
      concurrency: this.config.WORKER_CONCURRENCY,
      batchConcurrency: this.config.DELIVERY_BATCH_CONCURRENCY || undefined,
      handlers: [onEvent(this.notificationEvent, async ({ value }) => void (await delivery.deliver(value)))],
    });
    if (this.config.WELCOME_ENABLED) {
      this.welcome = await runConsumer({
        ...common,
        groupId: this.config.WELCOME_GROUP,
        handlers: [
          onEvent(this.userRegisteredEvent, async ({ value }) => void (await this.welcomeService.welcome(value))),
        ],
      });
    }
    this.logger.log(`consuming ${this.notificationEvent.topic} as ${this.config.NOTIFICATIONS_GROUP}`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.delivery?.stop(), this.welcome?.stop()]);
    this.delivery = undefined;
    this.welcome = undefined;
  }

  status(): ConsumerStatus[] {
    const of = (groupId: string, topic: string, handle?: ConsumerHandle) => ({
      groupId,
      topics: [topic],
      running: handle !== undefined,
    });
    return [
      of(this.config.NOTIFICATIONS_GROUP, this.notificationEvent.topic, this.delivery),
      ...(this.config.WELCOME_ENABLED
        ? [of(this.config.WELCOME_GROUP, this.userRegisteredEvent.topic, this.welcome)]
        : []),
    ];
  }

  /** Asks the broker now (the delivery group). */
  measureLag(): Promise<LagReport> {
    if (!this.delivery) return Promise.reject(new Error('delivery consumer is not running'));
    return this.delivery.measureLag();
  }
}
