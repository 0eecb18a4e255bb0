export { KafkaClient, createKafka } from './client/kafka-client';
export {
  messagingConfigFromEnv,
  messagingEnv,
  type Compression,
  type MessagingConfig,
  type MessagingLogLevel,
  type MessagingLogger,
} from './client/messaging-config';
export { declareTopics, deleteTopics, describeTopics, type DeclareTopicsOptions } from './topics/declare-topics';
export { waitForTopics, type WaitForTopicsOptions } from './topics/wait-for-topics';
export { deleteKafkaLeftovers, type KafkaLeftovers } from './topics/delete-leftovers';
export { OUTBOX_INSERT_SQL, outboxEntries, outboxJson, type OutboxEntry, type OutboxItem } from './outbox/outbox-entry';
export { OutboxRelay, OutboxRowInvalidError, type OutboxRelayOptions } from './outbox/outbox-relay';
export { EventPublisher, type EventPublisherOptions, type PublishItem } from './publisher/event-publisher';
export { PublishError } from './publisher/publish.error';
export { onEvent, type ConsumedMessage, type EventHandler } from './consumer/event-handler';
export {
  ConsumerStoppingError,
  runConsumer,
  type ConsumerHandle,
  type RunConsumerOptions,
} from './consumer/run-consumer';
export type { LagReport, PartitionLag } from './consumer/consumer-lag';
export { totalConsumerLag } from './consumer/lag-registry';
export { KAFKA_CLIENT } from './nest/messaging.di-tokens';
export {
  MessagingModule,
  type MessagingModuleAsyncOptions,
  type MessagingModuleOptions,
  type OutboxOptions,
} from './nest/messaging.module';
export {
  MessagingConsumer,
  MessagingConsumerModule,
  type ConsumerOptions,
  type ConsumerState,
  type MessagingConsumerModuleOptions,
} from './nest/messaging-consumer.module';
export { kafkaHealthIndicator, type KafkaHealthOptions } from './nest/kafka-health';
export {
  outboxPublishingEnv,
  outboxPublishingModule,
  type OutboxPublishingConfig,
  type OutboxPublishingOptions,
} from './nest/outbox-publishing';
