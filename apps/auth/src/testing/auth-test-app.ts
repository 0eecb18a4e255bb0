import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { applyMigrations } from '@perflab/database';
import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { deleteRedisKeys, httpClient, testEnv, uniqueName, type HttpRequest } from '@perflab/testing';
import { loadAuthConfig, type AuthConfig } from '../auth.config';
import { AuthModule } from '../auth.module';

export interface AuthTestApp {
  url: string;
  config: AuthConfig;
  app: NestFastifyApplication;
  request: HttpRequest;
  close(): Promise<void>;
}

/** Migrates the auth schema of a test database (the runner is idempotent and locks). */
export async function migrateAuth(url = testEnv.databaseUrl): Promise<void> {
  await applyMigrations({ url, service: 'auth' });
}

/**
 * The real auth app, in-process, listening on an ephemeral loopback port, against the
 * stack's Postgres (a test database), Redis (its own key prefix) and Kafka. Cheap argon2
 * parameters keep the suite fast; the hasher's own spec checks the real ones.
 */
export async function startAuthApp(overrides: Record<string, string> = {}): Promise<AuthTestApp> {
  const prefix = uniqueName('authtest');
  const config = loadAuthConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: testEnv.redisUrl,
    KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
    KAFKA_CLIENT_ID: 'auth-test',
    REDIS_KEY_PREFIX: prefix,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    OUTBOX_POLL_INTERVAL_MS: '200',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
  const app = await createServiceApp({
    name: 'auth-test',
    module: AuthModule.forRoot(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    logger: createLogger('auth-test', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    config,
    app,
    request: httpClient(url),
    async close() {
      await app.close();
      await deleteRedisKeys(`${prefix}:*`);
    },
  };
}

export function uniqueEmail(tag = 'user'): string {
  return `${uniqueName(tag)}@example.com`.toLowerCase();
}
