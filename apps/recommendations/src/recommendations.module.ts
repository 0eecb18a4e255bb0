import { DynamicModule, Global, Module } from '@nestjs/common';
import { CacheModule, REDIS, redisHealthIndicator, type RedisClient } from '@perflab/cache';
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
import { behaviorConsumerOptions } from './behavior-projection/behavior.consumer';
import { BehaviorProjectionService } from './behavior-projection/behavior-projection.service';
import { GetRecommendationsHttpController } from './get-recommendations/get-recommendations.http.controller';
import { GetRecommendationsService } from './get-recommendations/get-recommendations.service';
import { modelHealthIndicator } from './health/model-health';
import { HotDataJob } from './hot-data/hot-data.job';
import { RecordBehaviorHttpController } from './record-behavior/record-behavior.http.controller';
import { RecordBehaviorService } from './record-behavior/record-behavior.service';
import { RECOMMENDATIONS_CONFIG, type RecommendationsConfig } from './recommendations.config';
import { BEHAVIOR_CONSUMER, USER_BEHAVIOR_EVENT } from './recommendations.di-tokens';
import { PrismaClient } from './recommendations.prisma';
import { userBehaviorEventOn, type UserBehaviorEvent } from './shared/behavior.events';
import { BehaviorRepository } from './shared/behavior.repository';
import { Catalogue } from './shared/catalogue';
import { PopularSnapshot } from './shared/popular-snapshot';
import { RecommendationModel } from './shared/recommendation.model';

/** Config, the event contract and what several use cases share, global for every module's factories. */
@Global()
@Module({})
class RecommendationsCoreModule {
  static forRoot(config: RecommendationsConfig): DynamicModule {
    const shared = [
      BehaviorRepository,
      Catalogue,
      PopularSnapshot,
      RecommendationModel,
      BehaviorProjectionService,
      HotDataJob,
    ];
    return {
      module: RecommendationsCoreModule,
      providers: [
        { provide: RECOMMENDATIONS_CONFIG, useValue: config },
        { provide: USER_BEHAVIOR_EVENT, useValue: userBehaviorEventOn(config.USER_BEHAVIOR_TOPIC) },
        ...shared,
      ],
      exports: [RECOMMENDATIONS_CONFIG, USER_BEHAVIOR_EVENT, ...shared],
    };
  }
}

const behaviorConsumer = MessagingConsumerModule.register({
  provide: BEHAVIOR_CONSUMER,
  inject: [RECOMMENDATIONS_CONFIG, USER_BEHAVIOR_EVENT, BehaviorProjectionService],
  useFactory: (config: RecommendationsConfig, event: UserBehaviorEvent, projection: BehaviorProjectionService) =>
    behaviorConsumerOptions(config, event, projection),
});

@Module({})
export class RecommendationsModule {
  static forRoot(config: RecommendationsConfig): DynamicModule {
    return {
      module: RecommendationsModule,
      imports: [
        RecommendationsCoreModule.forRoot(config),
        DatabaseModule.forService({
          service: 'recommendations',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        CacheModule.forRoot({
          url: config.REDIS_URL,
          namespace: config.REDIS_KEY_PREFIX,
          commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
        }),
        // user.behavior goes out through the outbox: 202 follows the commit, the relay publishes.
        outboxPublishingModule({
          config,
          database: DATABASE,
          produces: [userBehaviorEventOn(config.USER_BEHAVIOR_TOPIC)],
        }),
        behaviorConsumer,
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            { inject: [REDIS], useFactory: (redis: RedisClient) => redisHealthIndicator(redis) },
            {
              inject: [KAFKA_CLIENT, EventPublisher, BEHAVIOR_CONSUMER],
              useFactory: (kafka: KafkaClient, publisher: EventPublisher, consumer: MessagingConsumer) =>
                kafkaHealthIndicator(kafka, { publisher, consumers: [consumer] }),
            },
            { inject: [HotDataJob, PopularSnapshot], useFactory: modelHealthIndicator },
          ],
          imports: [behaviorConsumer],
        }),
      ],
      controllers: [RecordBehaviorHttpController, GetRecommendationsHttpController],
      providers: [RecordBehaviorService, GetRecommendationsService],
    };
  }
}
