import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthGuardModule } from '@perflab/auth-guard';
import { CacheModule, REDIS, redisHealthIndicator, type RedisClient } from '@perflab/cache';
import { userRegistered } from '@perflab/contracts';
import { DATABASE, DatabaseModule, databaseHealthIndicator, type Database } from '@perflab/database';
import { HealthModule } from '@perflab/health';
import {
  EventPublisher,
  KAFKA_CLIENT,
  kafkaHealthIndicator,
  outboxPublishingModule,
  type KafkaClient,
} from '@perflab/messaging';
import { AdminBootstrap } from './admin/admin-bootstrap';
import { AUTH_CONFIG, type AuthConfig } from './auth.config';
import { SIGNING_KEYS } from './auth.di-tokens';
import { PrismaClient } from './auth.prisma';
import { PasswordHasher } from './passwords/password-hasher';
import { AuthRateLimiter } from './rate-limit/auth-rate-limiter';
import { LoginThrottle } from './rate-limit/login-throttle';
import { AccessTokenIssuer } from './tokens/access-token.issuer';
import { JwksHttpController } from './tokens/jwks.http.controller';
import { loadSigningKeys, type SigningKeys } from './tokens/signing-key.store';
import { TokenPairService } from './tokens/token-pair.service';
import { GetMyProfileHttpController } from './users/get-my-profile/get-my-profile.http.controller';
import { GetPublicProfileHttpController } from './users/get-public-profile/get-public-profile.http.controller';
import { LoginHttpController } from './users/login/login.http.controller';
import { LoginService } from './users/login/login.service';
import { LogoutHttpController } from './users/logout/logout.http.controller';
import { LogoutService } from './users/logout/logout.service';
import { ProfileReader } from './users/profile.reader';
import { RefreshTokenHttpController } from './users/refresh-token/refresh-token.http.controller';
import { RefreshTokenService } from './users/refresh-token/refresh-token.service';
import { RegisterUserHttpController } from './users/register-user/register-user.http.controller';
import { RegisterUserService } from './users/register-user/register-user.service';
import { UpdateMyProfileHttpController } from './users/update-my-profile/update-my-profile.http.controller';
import { UpdateMyProfileService } from './users/update-my-profile/update-my-profile.service';
import { maxConcurrentHashes } from './uv-threadpool';

/** Config and signing keys, global so AuthGuardModule's factory can inject them. */
@Global()
@Module({})
class AuthCoreModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthCoreModule,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        {
          provide: SIGNING_KEYS,
          inject: [DATABASE],
          useFactory: (db: Database<PrismaClient>) => loadSigningKeys(db.pool, config.AUTH_SIGNING_KEY),
        },
      ],
      exports: [AUTH_CONFIG, SIGNING_KEYS],
    };
  }
}

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        DatabaseModule.forService({
          service: 'auth',
          prismaClient: PrismaClient,
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        CacheModule.forRoot({
          url: config.REDIS_URL,
          namespace: `${config.REDIS_KEY_PREFIX}:profile`,
          defaultTtlSeconds: config.PROFILE_CACHE_TTL_SECONDS,
        }),
        AuthCoreModule.forRoot(config),
        // auth verifies its own tokens the way every other service does, with its public keys.
        AuthGuardModule.forRootAsync({
          inject: [SIGNING_KEYS],
          useFactory: (keys: SigningKeys) => ({
            publicKeys: { keys: keys.published },
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
          }),
        }),
        // user.registered.v1 goes out through the outbox: auth starts and registers users while
        // Kafka is down, and the events wait in auth.outbox_events.
        outboxPublishingModule({
          config,
          database: DATABASE,
          produces: [userRegistered],
          client: { logLevel: config.LOG_LEVEL === 'silent' ? 'nothing' : 'warn' },
        }),
        HealthModule.forRoot({
          indicators: [
            { inject: [DATABASE], useFactory: databaseHealthIndicator },
            { inject: [REDIS], useFactory: (redis: RedisClient) => redisHealthIndicator(redis) },
            {
              inject: [KAFKA_CLIENT, EventPublisher],
              useFactory: (kafka: KafkaClient, publisher: EventPublisher) => kafkaHealthIndicator(kafka, { publisher }),
            },
          ],
        }),
      ],
      controllers: [
        RegisterUserHttpController,
        LoginHttpController,
        RefreshTokenHttpController,
        LogoutHttpController,
        GetMyProfileHttpController,
        UpdateMyProfileHttpController,
        GetPublicProfileHttpController,
        JwksHttpController,
      ],
      providers: [
        {
          provide: PasswordHasher,
          useFactory: () =>
            new PasswordHasher({
              memoryKib: config.ARGON2_MEMORY_KIB,
              iterations: config.ARGON2_ITERATIONS,
              parallelism: config.ARGON2_PARALLELISM,
              maxConcurrent: maxConcurrentHashes,
            }),
        },
        {
          provide: AccessTokenIssuer,
          inject: [SIGNING_KEYS],
          useFactory: (keys: SigningKeys) =>
            new AccessTokenIssuer(keys.current, {
              issuer: config.JWT_ISSUER,
              audience: config.JWT_AUDIENCE,
              ttlSeconds: config.JWT_ACCESS_TTL_SECONDS,
            }),
        },
        {
          provide: AuthRateLimiter,
          inject: [REDIS],
          useFactory: (redis: RedisClient) =>
            new AuthRateLimiter(
              redis,
              {
                enabled: config.RATE_LIMIT_ENABLED,
                windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
                registerPerIp: config.REGISTER_LIMIT_PER_IP,
                registerPerAccount: config.REGISTER_LIMIT_PER_ACCOUNT,
              },
              `${config.REDIS_KEY_PREFIX}:rl`,
            ),
        },
        {
          provide: LoginThrottle,
          inject: [REDIS],
          useFactory: (redis: RedisClient) =>
            new LoginThrottle(
              redis,
              {
                enabled: config.RATE_LIMIT_ENABLED,
                windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
                loginPerIp: config.LOGIN_LIMIT_PER_IP,
                loginPerAccount: config.LOGIN_LIMIT_PER_ACCOUNT,
                backoff: {
                  freeFailures: config.LOGIN_BACKOFF_FREE_FAILURES,
                  baseSeconds: config.LOGIN_BACKOFF_BASE_SECONDS,
                  maxSeconds: config.LOGIN_BACKOFF_MAX_SECONDS,
                },
                failureMemorySeconds: config.LOGIN_FAILURE_MEMORY_SECONDS,
                failuresPerAccount: config.LOGIN_FAILURES_PER_ACCOUNT,
                accountFailureWindowSeconds: config.LOGIN_ACCOUNT_FAILURE_WINDOW_SECONDS,
                trustedSourceSeconds: config.LOGIN_TRUSTED_SOURCE_SECONDS,
              },
              `${config.REDIS_KEY_PREFIX}:rl`,
            ),
        },
        TokenPairService,
        RegisterUserService,
        LoginService,
        RefreshTokenService,
        LogoutService,
        ProfileReader,
        UpdateMyProfileService,
        AdminBootstrap,
      ],
    };
  }
}
