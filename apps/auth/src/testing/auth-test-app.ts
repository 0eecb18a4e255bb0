import { applyMigrations } from '@perflab/database';
import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { deleteRedisKeys, listenOnLoopback, testEnv, uniqueName, type TestApp } from '@perflab/testing';
import { loadAuthConfig, type AuthConfig } from '../auth.config';
import { AuthModule } from '../auth.module';

export interface AuthTestApp extends TestApp {
  config: AuthConfig;
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
  const served = await listenOnLoopback(app);
  return {
    ...served,
    config,
    async close() {
      await served.close();
      await deleteRedisKeys(`${prefix}:*`);
    },
  };
}

export function uniqueEmail(tag = 'user'): string {
  return `${uniqueName(tag)}@example.com`.toLowerCase();
}
