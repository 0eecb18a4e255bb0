import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthGuardModule, tokenVerifierOptionsFrom } from '@perflab/auth-guard';
import { CacheModule, REDIS, redisHealthIndicator, type RedisClient } from '@perflab/cache';
import { DATABASE, DatabaseModule, databaseHealthIndicator } from '@perflab/database';
import { HealthModule } from '@perflab/health';
import {
  KAFKA_CLIENT,
  MessagingConsumerModule,
  MessagingModule,
  kafkaHealthIndicator,
  messagingConfigFromEnv,
  type KafkaClient,
  type MessagingConsumer,
} from '@perflab/messaging';
import { GetCohortsHttpController } from './get-cohorts/get-cohorts.http.controller';
import { GetMetricsHttpController } from './get-metrics/get-metrics.http.controller';
import { GetSroiHttpController } from './get-sroi/get-sroi.http.controller';
import { GetVisHttpController } from './get-vis/get-vis.http.controller';
import { workerHealthIndicator } from './health/worker-health';
import { ImpactEventStore } from './ingest-events/impact-event.store';
import { IngestEventsService } from './ingest-events/ingest-events.service';
import { rollupConsumerOptions } from './ingest-events/rollup.consumer';
import { REPORTING_CONFIG, type ReportingConfig } from './reporting.config';
import {
  FEEDBACK_RECEIVED_EVENT,
  REPORT_SOURCE,
  ROLLUP_CONSUMER,
  SESSION_COMPLETED_EVENT,
} from './reporting.di-tokens';
import { PrismaClient } from './reporting.prisma';
import { feedbackReceivedOn, sessionCompletedOn } from './shared/impact.events';
import { RawReportSource } from './shared/raw-report.source';
import { ReportCache } from './shared/report.cache';
import { ReportService } from './shared/report.service';
import { RollupReportSource } from './shared/rollup-report.source';

/** Config, the event contracts and what both the API and the consumer use, global for every factory. */
@Global()
@Module({})
class ReportingCoreModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: ReportingCoreModule,
      providers: [
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: SESSION_COMPLETED_EVENT, useValue: sessionCompletedOn(config.SESSION_COMPLETED_TOPIC) },
        { provide: FEEDBACK_RECEIVED_EVENT, useValue: feedbackReceivedOn(config.FEEDBACK_RECEIVED_TOPIC) },
        ReportCache,
        ImpactEventStore,
        IngestEventsService,
      ],
      exports: [
        REPORTING_CONFIG,
        SESSION_COMPLETED_EVENT,
        FEEDBACK_RECEIVED_EVENT,
        ReportCache,
        ImpactEventStore,
        IngestEventsService,
      ],
    };
  }
}

const rollupConsumer = MessagingConsumerModule.register({
  provide: ROLLUP_CONSUMER,
  inject: [REPORTING_CONFIG, SESSION_COMPLETED_EVENT, FEEDBACK_RECEIVED_EVENT, IngestEventsService],
  useFactory: rollupConsumerOptions,
});

@Module({})
export class ReportingModule {
  static forRoot(config: ReportingConfig): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        ReportingCoreModule.forRoot(config),
        DatabaseModule.forService({
          service: 'reporting',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        CacheModule.forRoot({
          url: config.REDIS_URL,
          namespace: config.REDIS_KEY_PREFIX,
          defaultTtlSeconds: config.REPORT_CACHE_TTL_SECONDS,
        }),
        AuthGuardModule.forRoot(tokenVerifierOptionsFrom(config)),
        // Consumes ingestion's topics only: nothing declared, the group waits for them to exist.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(config) }),
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            { inject: [REDIS], useFactory: (redis: RedisClient) => redisHealthIndicator(redis) },
            {
              inject: [KAFKA_CLIENT, ROLLUP_CONSUMER],
              useFactory: (kafka: KafkaClient, rollups: MessagingConsumer) =>
                kafkaHealthIndicator(kafka, { consumers: [rollups] }),
            },
            { inject: [ROLLUP_CONSUMER], useFactory: workerHealthIndicator },
          ],
          imports: [rollupConsumer],
        }),
        rollupConsumer,
      ],
      controllers: [GetMetricsHttpController, GetSroiHttpController, GetVisHttpController, GetCohortsHttpController],
      providers: [
        {
          provide: REPORT_SOURCE,
          inject: [DATABASE],
          useFactory: (db: never) =>
            config.REPORT_SOURCE === 'raw' ? new RawReportSource(db) : new RollupReportSource(db),
        },
        ReportService,
      ],
    };
  }
}
