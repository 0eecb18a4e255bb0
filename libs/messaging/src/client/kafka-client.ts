import { Kafka, type Admin } from 'kafkajs';
import { createLogger } from '@perflab/observability';
import { KAFKAJS_LEVEL, kafkajsLogCreator } from './kafkajs-logger';
import type { MessagingConfig } from './messaging-config';
import './request-queue-idle-fix';

/**
 * A connection factory for one cluster, plus one shared admin connection (topic
 * declaration, lag). kafkajs stays inside this lib: nothing public exposes its types,
 * so the client can be swapped (docs/adr/0004-kafka-client.md).
 */
export class KafkaClient {
  /** @internal used by this lib's publisher, consumer and admin helpers only. */
  readonly native: Kafka;
  private adminConnection?: Promise<Admin>;

  constructor(readonly config: MessagingConfig) {
    this.native = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      connectionTimeout: config.connectionTimeoutMs ?? 3_000,
      requestTimeout: config.requestTimeoutMs ?? 30_000,
      // Bounded, so an unreachable cluster fails a connect within seconds instead of minutes.
      retry: { retries: config.retries ?? 5, initialRetryTime: 200, maxRetryTime: 5_000 },
      logLevel: KAFKAJS_LEVEL[config.logLevel ?? 'warn'],
      // Never kafkajs' console logger: every line the process writes is the one JSON shape.
      logCreator: kafkajsLogCreator(config.logger ?? createLogger(config.clientId)),
    });
  }

  /** @internal the shared admin connection, connected on first use. */
  admin(): Promise<Admin> {
    if (!this.adminConnection) {
      const admin = this.native.admin();
      this.adminConnection = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.adminConnection = undefined;
          throw error;
        },
      );
    }
    return this.adminConnection;
  }

  /** Closes the shared admin connection; producers and consumers close through their own handles. */
  async disconnect(): Promise<void> {
    const pending = this.adminConnection;
    this.adminConnection = undefined;
    if (pending) await pending.then((admin) => admin.disconnect()).catch(() => undefined);
  }
}

export function createKafka(config: MessagingConfig): KafkaClient {
  return new KafkaClient(config);
}
