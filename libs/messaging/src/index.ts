export { KafkaClient, createKafka } from './client/kafka-client';
export {
  messagingConfigFromEnv,
  messagingEnv,
  type Compression,
  type MessagingConfig,
  type MessagingLogLevel,
  type MessagingLogger,
} from './client/messaging-config';
export { declareTopics, deleteTopics, describeTopics, type TopicSpec } from './topics/declare-topics';
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
} from './nest/messaging.module';
export {
  MessagingConsumer,
  MessagingConsumerModule,
  type ConsumerOptions,
  type MessagingConsumerModuleOptions,
} from './nest/messaging-consumer.module';
