import { tokenVerifierEnv } from '@perflab/auth-guard';
import { env, infrastructureEnv, loadConfig, loadConfigOrExit } from '@perflab/config';
import { outboxPublishingEnv } from '@perflab/messaging';
import { z } from 'zod';

const failureRate = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/**
 * Everything the notifications service reads from the environment, validated once at
 * start-up. Defaults run the local stack (`npm run stack -- up`) with auth on port 3001.
 */
export const notificationsEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3002),
  BODY_LIMIT_BYTES: env.int(1_048_576, 1_024, 10_485_760),

  // Tokens are verified locally against auth's public keys (no call to auth per request).
  ...tokenVerifierEnv,

  // Kafka. Topic and group names are configurable so tests run on their own; partition
  // counts are the contracts' (@perflab/contracts).
  NOTIFICATIONS_TOPIC: env.string('notification.requested.v1'),
  NOTIFICATIONS_GROUP: env.string('notification-workers'),
  USER_REGISTERED_TOPIC: env.string('user.registered.v1'),
  WELCOME_GROUP: env.string('notification-welcome'),
  /** chat's messages: recipients who were offline get a PUSH notification of type chat. */
  CHAT_MESSAGES_TOPIC: env.string('chat.message.sent.v1'),
  CHAT_GROUP: env.string('notification-chat'),
  ...outboxPublishingEnv,
  /**
   * A worker that dies (SIGKILL) holds its partitions this long before the group hands them on:
   * 10 s (was 30 s) — short enough to meet the 30 s recovery goal with the lease below, long
   * enough that a GC pause or a busy event loop does not cost a rebalance.
   */
  CONSUMER_SESSION_TIMEOUT_MS: env.int(10_000, 6_000, 300_000),
  CONSUMER_REBALANCE_TIMEOUT_MS: env.int(60_000, 1_000, 300_000),
  /** At most a third of the session timeout (Kafka's advice): two missed beats are not yet a death. */
  CONSUMER_HEARTBEAT_INTERVAL_MS: env.int(3_000, 100, 60_000),
  /** How long a fetch waits for data on an idle topic (lower = faster pick-up, more requests). */
  CONSUMER_MAX_WAIT_MS: env.int(100, 10, 10_000),

  /**
   * What this process does: `all` (HTTP API and the delivery worker: consumers, sweeper,
   * scheduler), `api` (the API and cache warming; no consumer), or `worker` (the delivery worker
   * only; HTTP serves /health and /metrics, on PORT). `api` + `worker` as separate processes keep
   * request latency and delivery from competing inside one event loop, and scale apart.
   */
  ROLE: env.oneOf(['all', 'api', 'worker'] as const, 'all'),
  /** Replaced by ROLE: refused rather than ignored, so an API-only deployment does not start consuming. */
  WORKER_ENABLED: z.undefined({ error: 'was replaced by ROLE (WORKER_ENABLED=false is ROLE=api)' }),
  WELCOME_ENABLED: env.bool(true),
  CHAT_NOTIFICATIONS_ENABLED: env.bool(true),
  /** Partitions delivered in parallel per process; order holds within a partition (one user). */
  WORKER_CONCURRENCY: env.int(10, 1, 1_000),
  /**
   * Notifications delivered at once per process, across its partitions: a fetched batch is
   * delivered concurrently, in order per user (the message key). 0 = one message at a time
   * per partition (the pre-batch mode).
   */
  DELIVERY_BATCH_CONCURRENCY: env.int(50, 0, 10_000),
  /** Claims and SENT transitions made in the same event-loop turn share one SQL statement. */
  DELIVERY_BATCH_STATEMENTS: env.bool(true),
  DELIVERY_RETRIES: env.int(3, 0, 20),
  DELIVERY_BACKOFF_MS: env.int(200, 0, 60_000),
  DELIVERY_MAX_BACKOFF_MS: env.int(5_000, 0, 300_000),
  // A provider's transient errors are retried this long after creation, then FAILED (minutes: outlasts an outage).
  DELIVERY_RETRY_BUDGET_MS: env.int(600_000, 0, 86_400_000),
  /**
   * A PROCESSING row untouched this long belongs to a dead worker and may be claimed again.
   * Just above the longest a live worker holds a row: (DELIVERY_RETRIES + 1) provider calls of
   * at most PROVIDER_TIMEOUT_MS plus the backoffs between them (4 × 3 s + 1.4 s ≈ 13.4 s with
   * the defaults); an outage of ours puts the row back to PENDING rather than holding it.
   * Was 60 s: rows caught mid-delivery by a SIGKILL waited that long.
   */
  PROCESSING_LEASE_SECONDS: env.int(20, 1, 86_400),
  /** How long an Idempotency-Key answers a retry with the original 202 (then the key may be used anew). */
  IDEMPOTENCY_KEY_TTL_SECONDS: env.int(86_400, 60, 2_592_000),
  /** How often expired Idempotency-Key rows are deleted, and how many per statement (short locks). */
  IDEMPOTENCY_CLEANUP_INTERVAL_MS: env.int(60_000, 50, 86_400_000),
  IDEMPOTENCY_CLEANUP_BATCH: env.int(1_000, 1, 100_000),

  // Simulated channel providers: latency (ms) and failure rate (0..1) per channel.
  PROVIDER_EMAIL_LATENCY_MS: env.int(40, 0, 60_000),
  PROVIDER_SMS_LATENCY_MS: env.int(60, 0, 60_000),
  PROVIDER_PUSH_LATENCY_MS: env.int(20, 0, 60_000),
  PROVIDER_IN_APP_LATENCY_MS: env.int(2, 0, 60_000),
  PROVIDER_EMAIL_FAILURE_RATE: failureRate(0),
  PROVIDER_SMS_FAILURE_RATE: failureRate(0),
  PROVIDER_PUSH_FAILURE_RATE: failureRate(0),
  PROVIDER_IN_APP_FAILURE_RATE: failureRate(0),
  /** A provider call slower than this counts as failed (its breaker's timeout). */
  PROVIDER_TIMEOUT_MS: env.int(3_000, 10, 60_000),
  /** How long a provider remembers an idempotency key (a notification id). */
  PROVIDER_IDEMPOTENCY_TTL_SECONDS: env.int(86_400, 60, 2_592_000),
  /** Optional Redis hash where the simulated providers log each delivery (diagnostics, tests). */
  PROVIDER_LEDGER_KEY: z.string().optional(),

  // The sweeper: PROCESSING rows past their lease, and PENDING rows whose message was lost, are queued again.
  /** How often expired leases are looked for: a dead worker's rows wait at most lease + this. */
  SWEEP_INTERVAL_MS: env.int(2_000, 50, 3_600_000),
  SWEEP_PENDING_AFTER_SECONDS: env.int(30, 1, 86_400),
  SWEEP_BATCH: env.int(500, 1, 10_000),

  // Scheduled notifications.
  SCHEDULER_INTERVAL_MS: env.int(1_000, 50, 3_600_000),
  SCHEDULER_BATCH: env.int(500, 1, 10_000),

  // Cache.
  REDIS_KEY_PREFIX: env.string('notifications'),
  NOTIFICATION_CACHE_TTL_SECONDS: env.int(300, 1, 86_400),
  UNREAD_CACHE_TTL_SECONDS: env.int(300, 1, 86_400),
  /** The document's cache-warming job: every hour, the most active users' unread counts. */
  CACHE_WARMING_ENABLED: env.bool(true),
  CACHE_WARMING_TOP_USERS: env.int(1_000, 1, 100_000),

  // API bounds.
  PAGE_SIZE_DEFAULT: env.int(50, 1, 1_000),
  PAGE_SIZE_MAX: env.int(100, 1, 1_000),
  BATCH_MAX: env.int(100, 1, 1_000),
};

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

export function loadNotificationsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notificationsEnv, source);
}

export function loadNotificationsConfigOrExit(): NotificationsConfig {
  return loadConfigOrExit(notificationsEnv);
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Runs the delivery worker: consumers, sweeper, scheduler. */
export function runsWorker(config: Pick<NotificationsConfig, 'ROLE'>): boolean {
  return config.ROLE !== 'api';
}

/** Serves the notifications API (and warms its cache). */
export function servesApi(config: Pick<NotificationsConfig, 'ROLE'>): boolean {
  return config.ROLE !== 'worker';
}
