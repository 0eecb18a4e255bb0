import { env } from './env';

/**
 * The variables every service shares. Defaults point at the native stack
 * (`npm run stack -- up`), so a fresh checkout runs with no setup.
 */
export const infrastructureEnv = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, 'development'),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  DATABASE_URL: env.url('postgresql://perflab:perflab@127.0.0.1:5432/perflab', ['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: env.int(10, 1, 500),
  REDIS_URL: env.url('redis://127.0.0.1:6379', ['redis', 'rediss']),
  KAFKA_BROKERS: env.list('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: env.string('perflab'),
  KAFKA_COMPRESSION: env.oneOf(['none', 'gzip'] as const, 'none'),
  OTEL_ENABLED: env.bool(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: env.url('http://127.0.0.1:4318', ['http', 'https']),
  WORKERS: env.int(0, 0, 64),
  SHUTDOWN_TIMEOUT_MS: env.int(10_000, 100, 120_000),
};
