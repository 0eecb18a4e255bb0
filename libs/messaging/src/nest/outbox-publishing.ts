import type { DynamicModule, InjectionToken } from '@nestjs/common';
import { env } from '@perflab/config';
import type { EventContract } from '@perflab/contracts';
import type { Pool } from 'pg';
import { messagingConfigFromEnv, type Compression, type MessagingConfig } from '../client/messaging-config';
import { MessagingModule } from './messaging.module';

/** The variables of a service that publishes through the outbox; spread into its config beside infrastructureEnv. */
export const outboxPublishingEnv = {
  /** Produce requests wait this long for company (0 = same event-loop turn). */
  KAFKA_LINGER_MS: env.int(0, 0, 1_000),
  /** How long the outbox relay waits for Kafka's acknowledgement of a batch (the `kafka` breaker timeout). */
  KAFKA_PUBLISH_TIMEOUT_MS: env.int(5_000, 100, 60_000),
  /** Outbox rows published per relay transaction. */
  OUTBOX_BATCH_SIZE: env.int(500, 1, 10_000),
  /** The relay's fallback poll (rows of other processes, or left by a crash); commits nudge it at once. */
  OUTBOX_POLL_INTERVAL_MS: env.int(1_000, 50, 60_000),
};

/** What outboxPublishingModule reads of a service's loaded config. */
export interface OutboxPublishingConfig {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
  KAFKA_COMPRESSION: Compression;
  KAFKA_LINGER_MS: number;
  KAFKA_PUBLISH_TIMEOUT_MS: number;
  OUTBOX_BATCH_SIZE: number;
  OUTBOX_POLL_INTERVAL_MS: number;
}

export interface OutboxPublishingOptions {
  config: OutboxPublishingConfig;
  /** The events the service writes to its outbox (their topics are declared by it). */
  produces: EventContract[];
  /** The token of the service's database (`DATABASE` of @perflab/database): its pool holds the outbox. */
  database: InjectionToken;
  /** Kafka client settings beyond the config's (a log level, say). */
  client?: Partial<MessagingConfig>;
}

/**
 * MessagingModule for a service that publishes through its transactional outbox (ADR 0007):
 * the relay reads the service's own outbox_events over its database pool, moves rows their
 * contract refuses to outbox_dead_letters, and publishes with the configured linger and
 * breaker timeout. One way for every producing service; consumers add MessagingConsumerModule.
 */
export function outboxPublishingModule(options: OutboxPublishingOptions): DynamicModule {
  const { config } = options;
  return MessagingModule.forRootAsync({
    inject: [options.database],
    useFactory: (database: { pool: Pool }) => ({
      config: messagingConfigFromEnv(config, options.client),
      produces: options.produces,
      publisher: {
        lingerMs: config.KAFKA_LINGER_MS,
        breakerOptions: { timeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS },
      },
      outbox: {
        pool: database.pool,
        batchSize: config.OUTBOX_BATCH_SIZE,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      },
    }),
  });
}
