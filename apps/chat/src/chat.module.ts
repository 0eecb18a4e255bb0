import { DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AuthGuardModule, tokenVerifierOptionsFrom } from '@perflab/auth-guard';
import { CacheModule, REDIS, redisHealthIndicator, type RedisClient } from '@perflab/cache';
import { DATABASE, DatabaseModule, databaseHealthIndicator } from '@perflab/database';
import { HealthModule } from '@perflab/health';
import {
  EventPublisher,
  KAFKA_CLIENT,
  kafkaHealthIndicator,
  outboxPublishingModule,
  type KafkaClient,
} from '@perflab/messaging';
import { CatchUpService } from './catch-up/catch-up.service';
import type { ChatConfig } from './chat.config';
import { CHAT_CONFIG, CHAT_MESSAGE_EVENT, SOCKET_ADAPTER_REDIS } from './chat.di-tokens';
import { PrismaClient } from './chat.prisma';
import { ChatGateway } from './gateway/chat.gateway';
import { SocketAdapterConnections } from './gateway/socket-adapter';
import { ListMessagesHttpController } from './list-messages/list-messages.http.controller';
import { SendMessageService } from './send-message/send-message.service';
import { chatMessageEventOn } from './shared/chat.events';
import { MessageRepository } from './shared/message.repository';
import { Presence } from './shared/presence';

/** Config, the event contract and the adapter's Redis connections, global so every factory can inject them. */
@Global()
@Module({})
class ChatCoreModule {
  static forRoot(config: ChatConfig): DynamicModule {
    return {
      module: ChatCoreModule,
      providers: [
        { provide: CHAT_CONFIG, useValue: config },
        { provide: CHAT_MESSAGE_EVENT, useValue: chatMessageEventOn(config.CHAT_MESSAGES_TOPIC) },
        { provide: SOCKET_ADAPTER_REDIS, useFactory: () => new SocketAdapterConnections(config) },
      ],
      exports: [CHAT_CONFIG, CHAT_MESSAGE_EVENT, SOCKET_ADAPTER_REDIS],
    };
  }
}

/** Closes the adapter's connections after the sockets are gone (Nest closes websockets before shutdown hooks). */
@Injectable()
class SocketAdapterLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SOCKET_ADAPTER_REDIS) private readonly connections: SocketAdapterConnections) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }
}

@Module({})
export class ChatModule {
  static forRoot(config: ChatConfig): DynamicModule {
    const chatMessageEvent = chatMessageEventOn(config.CHAT_MESSAGES_TOPIC);
    return {
      module: ChatModule,
      imports: [
        ChatCoreModule.forRoot(config),
        DatabaseModule.forService({
          service: 'chat',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        CacheModule.forRoot({ url: config.REDIS_URL, namespace: config.REDIS_KEY_PREFIX }),
        AuthGuardModule.forRoot(tokenVerifierOptionsFrom(config)),
        // chat.message.sent goes out through the outbox: the message and its event commit
        // together, the ack follows the commit, the relay publishes (ADR 0007).
        outboxPublishingModule({ config, database: DATABASE, produces: [chatMessageEvent] }),
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            { inject: [REDIS], useFactory: (redis: RedisClient) => redisHealthIndicator(redis) },
            {
              inject: [SOCKET_ADAPTER_REDIS],
              useFactory: (connections: SocketAdapterConnections) => connections.healthIndicator(),
            },
            {
              inject: [KAFKA_CLIENT, EventPublisher],
              useFactory: (kafka: KafkaClient, publisher: EventPublisher) => kafkaHealthIndicator(kafka, { publisher }),
            },
          ],
        }),
      ],
      controllers: [ListMessagesHttpController],
      providers: [MessageRepository, Presence, SendMessageService, CatchUpService, ChatGateway, SocketAdapterLifecycle],
    };
  }
}
