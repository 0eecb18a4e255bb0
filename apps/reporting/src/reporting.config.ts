import { tokenVerifierEnv } from '@perflab/auth-guard';
import { env, infrastructureEnv, loadConfig, loadConfigOrExit } from '@perflab/config';
import { z } from 'zod';

/** A money amount per unit (SROI proxies), in the report's currency. */
const amount = (fallback: number) => z.coerce.number().min(0).max(1_000_000).default(fallback);

/**
 * Everything the reporting service reads from the environment, validated once at start-up.
 * Defaults run the local stack with auth on port 3001. The switches the 003 compare turns
 * are DATABASE_POOL_SIZE, REPORT_CACHE_ENABLED and REPORT_SOURCE.
 */
export const reportingEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3005),
  BODY_LIMIT_BYTES: env.int(65_536, 1_024, 10_485_760),
  /** Per worker. 003's starting point is 20; its recommendation, 50, is the compare's other side. */
  DATABASE_POOL_SIZE: env.int(20, 1, 500),

  // Tokens are verified locally against auth's public keys (no call to auth per request).
  ...tokenVerifierEnv,

  // Kafka: ingestion's topics (configurable so tests run on their own), this service's group.
  SESSION_COMPLETED_TOPIC: env.string('impact.session-completed.v1'),
  FEEDBACK_RECEIVED_TOPIC: env.string('impact.feedback-received.v1'),
  REPORTING_GROUP: env.string('reporting-rollups'),
  /** Off = an API-only instance (reads the tables, stores nothing). */
  WORKER_ENABLED: env.bool(true),
  /** Partitions handled in parallel per process. */
  CONSUMER_CONCURRENCY: env.int(12, 1, 1_000),
  /** Events stored at once per process, in order per company (the message key); 0 = one at a time per partition. */
  CONSUMER_BATCH_CONCURRENCY: env.int(20, 0, 10_000),
  /** Events of different companies stored at the same time share one statement (ADR 0011); false = one each. */
  CONSUMER_BATCH_STATEMENTS: env.bool(true),
  CONSUMER_RETRIES: env.int(5, 0, 20),
  CONSUMER_BACKOFF_MS: env.int(200, 0, 60_000),
  CONSUMER_MAX_BACKOFF_MS: env.int(5_000, 0, 300_000),
  CONSUMER_SESSION_TIMEOUT_MS: env.int(10_000, 6_000, 300_000),
  CONSUMER_REBALANCE_TIMEOUT_MS: env.int(60_000, 1_000, 300_000),
  CONSUMER_HEARTBEAT_INTERVAL_MS: env.int(3_000, 100, 60_000),
  CONSUMER_MAX_WAIT_MS: env.int(100, 10, 10_000),

  // Reports.
  /** rollups: read the tables the consumer keeps current; raw: aggregate impact_events on every request (the compare's "before"). */
  REPORT_SOURCE: env.oneOf(['rollups', 'raw'] as const, 'rollups'),
  /** 003's report cache; off for the compare. Entries are versioned per company, so never wrong after an event. */
  REPORT_CACHE_ENABLED: env.bool(true),
  REPORT_CACHE_TTL_SECONDS: env.int(300, 1, 86_400),
  REDIS_KEY_PREFIX: env.string('reporting'),
  /** Without from/to, a report covers this many days up to today (UTC). */
  REPORT_DEFAULT_RANGE_DAYS: env.int(365, 1, 3_660),
  REPORT_MAX_RANGE_DAYS: env.int(3_660, 1, 36_600),

  // The bench's data: when SEED_EVENTS > 0 and impact_events is empty, the primary loads the
  // deterministic history (src/seed) before serving. Off by default.
  SEED_EVENTS: env.int(0, 0, 100_000_000),
  SEED_NUMBER: env.int(42, 0, 4_294_967_295),
  SEED_COMPANIES: env.int(300, 1, 100_000),
  SEED_UNTIL: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .default('2026-11-30'),

  // SROI monetary proxies (README: "SROI").
  /** Social value of one volunteer hour (default: Independent Sector's 2024 US estimate, 34.79). */
  SROI_VALUE_PER_HOUR: amount(34.79),
  /** Social value of one full outcome: a feedback scored 10 counts 1, a 5 counts 0.5. */
  SROI_VALUE_PER_OUTCOME: amount(50),
  /** The programme's investment per volunteer hour (coordination, training). */
  SROI_COST_PER_HOUR: amount(12),
  /** The programme's investment per session (venue, materials). */
  SROI_COST_PER_SESSION: amount(5),
};

export type ReportingConfig = ReturnType<typeof loadReportingConfig>;

export function loadReportingConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(reportingEnv, source);
}

export function loadReportingConfigOrExit(): ReportingConfig {
  return loadConfigOrExit(reportingEnv);
}

export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
