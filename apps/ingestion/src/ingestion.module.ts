import { DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE, DatabaseModule, databaseHealthIndicator } from '@perflab/database';
import { HealthModule } from '@perflab/health';
import {
  EventPublisher,
  KAFKA_CLIENT,
  kafkaHealthIndicator,
  outboxPublishingModule,
  type KafkaClient,
} from '@perflab/messaging';
import { IngestWebhookHttpController } from './ingest-webhook/ingest-webhook.http.controller';
import { IngestWebhookService } from './ingest-webhook/ingest-webhook.service';
import { INGESTION_CONFIG, type IngestionConfig } from './ingestion.config';
import { FEEDBACK_RECEIVED_EVENT, SESSION_COMPLETED_EVENT, WEBHOOK_VERIFIER } from './ingestion.di-tokens';
import { PrismaClient } from './ingestion.prisma';
import { feedbackReceivedEventOn, sessionCompletedEventOn } from './shared/impact.events';
import { WebhookEventRepository } from './shared/webhook-event.repository';
import { WebhookVerifier } from './webhook-signature/webhook-verifier';
import { WebhookStatusHttpController } from './webhook-status/webhook-status.http.controller';

/** Config, the event contracts and the verifier, global so every module's factories can inject them. */
@Global()
@Module({})
class IngestionCoreModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    const providers = [
      { provide: INGESTION_CONFIG, useValue: config },
      { provide: SESSION_COMPLETED_EVENT, useValue: sessionCompletedEventOn(config.SESSION_COMPLETED_TOPIC) },
      { provide: FEEDBACK_RECEIVED_EVENT, useValue: feedbackReceivedEventOn(config.FEEDBACK_RECEIVED_TOPIC) },
      {
        provide: WEBHOOK_VERIFIER,
        useValue: new WebhookVerifier(config.WEBHOOK_SECRETS, config.WEBHOOK_TOLERANCE_SECONDS),
      },
    ];
    return { module: IngestionCoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        IngestionCoreModule.forRoot(config),
        DatabaseModule.forService({
          service: 'ingestion',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        // Both impact events go out through the outbox: a webhook and its event are committed
        // together, 202 follows the commit, the relay publishes (ADR 0007).
        outboxPublishingModule({
          config,
          database: DATABASE,
          produces: [
            sessionCompletedEventOn(config.SESSION_COMPLETED_TOPIC),
            feedbackReceivedEventOn(config.FEEDBACK_RECEIVED_TOPIC),
          ],
        }),
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            {
              inject: [KAFKA_CLIENT, EventPublisher],
              // Shown, never a reason to leave rotation: webhooks are stored and wait in the
              // outbox while Kafka is down (/health/kafka still answers 503 then).
              useFactory: (kafka: KafkaClient, publisher: EventPublisher) => ({
                ...kafkaHealthIndicator(kafka, { publisher }),
                readiness: false,
              }),
            },
          ],
        }),
      ],
      controllers: [IngestWebhookHttpController, WebhookStatusHttpController],
      providers: [WebhookEventRepository, IngestWebhookService],
    };
  }
}
