import { request as httpRequest } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { applyMigrations } from '@perflab/database';
import { createLogger } from '@perflab/observability';
import { createServiceApp } from '@perflab/runtime';
import { testEnv, uniqueName } from '@perflab/testing';
import Redis from 'ioredis';
import { loadAuthConfig, type AuthConfig } from '../auth.config';
import { AuthModule } from '../auth.module';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface AuthTestApp {
  url: string;
  config: AuthConfig;
  app: NestFastifyApplication;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string; ip?: string },
  ): Promise<Reply<T>>;
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
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      if (options.ip) return requestFrom(options.ip, `${url}${path}`, method, headers, body);
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await app.close();
      await deleteKeys(`${prefix}:*`);
    },
  };
}

/**
 * The same request from another loopback address (127.0.0.0/8 is all local on Linux), so
 * the app sees a different client IP without trusting any forwarding header.
 */
function requestFrom<T>(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const replyHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) replyHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: res.statusCode ?? 0, headers: replyHeaders, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Removes only this test's keys (SCAN, never FLUSH: Redis is shared). */
export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(testEnv.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function uniqueEmail(tag = 'user'): string {
  return `${uniqueName(tag)}@example.com`.toLowerCase();
}
