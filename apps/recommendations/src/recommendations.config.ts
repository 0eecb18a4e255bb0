import { env, infrastructureEnv, loadConfig, loadConfigOrExit } from '@perflab/config';
import { outboxPublishingEnv } from '@perflab/messaging';

/**
 * Everything the recommendations service reads from the environment, validated once at
 * start-up. Defaults run the local stack (`npm run stack -- up`) on the document's port 3000.
 */
export const recommendationsEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3000),
  BODY_LIMIT_BYTES: env.int(16_384, 1_024, 1_048_576),

  // Kafka. Topic and group are configurable so tests run on their own.
  USER_BEHAVIOR_TOPIC: env.string('user.behavior.v1'),
  /** The document's consumer group (its PromQL selects kafka_consumergroup_lag by it). */
  BEHAVIOR_GROUP: env.string('ecomm-consumers'),
  ...outboxPublishingEnv,
  CONSUMER_SESSION_TIMEOUT_MS: env.int(10_000, 6_000, 300_000),
  CONSUMER_REBALANCE_TIMEOUT_MS: env.int(60_000, 1_000, 300_000),
  CONSUMER_HEARTBEAT_INTERVAL_MS: env.int(3_000, 100, 60_000),
  CONSUMER_MAX_WAIT_MS: env.int(100, 10, 10_000),

  // The ecomm-consumers worker. Off = an API-only instance.
  WORKER_ENABLED: env.bool(true),
  /** Partitions consumed in parallel per process. */
  WORKER_CONCURRENCY: env.int(4, 1, 1_000),
  /** Behaviours projected at once per process, in order per user (the message key). */
  BEHAVIOR_BATCH_CONCURRENCY: env.int(50, 1, 10_000),
  BEHAVIOR_RETRIES: env.int(3, 0, 20),
  BEHAVIOR_BACKOFF_MS: env.int(200, 0, 60_000),
  BEHAVIOR_MAX_BACKOFF_MS: env.int(5_000, 0, 300_000),
  /** Accepted behaviours written to the outbox in one statement (one event-loop turn's worth, at most this many). */
  ACCEPT_BATCH_MAX: env.int(200, 1, 5_000),
  /** History rows written in one statement by the consumer. */
  HISTORY_BATCH_MAX: env.int(500, 1, 10_000),
  /** A behaviour dated further ahead than this is refused (clock skew allowance). */
  MAX_FUTURE_SKEW_SECONDS: env.int(300, 0, 86_400),

  // The model (Redis). Decisions and their reasons: apps/recommendations/README.md.
  REDIS_KEY_PREFIX: env.string('reco'),
  /** Recent items kept per user (the seeds of their recommendations). */
  RECENT_ITEMS: env.int(20, 1, 500),
  /**
   * A behaviour co-occurs with the user's last this many items (each pair costs two ZINCRBY:
   * 20 made a projection ~0.5 ms of Redis time, 5 about a quarter of it).
   */
  CO_OCCURRENCE_WINDOW: env.int(5, 1, 100),
  /** Of the recent items, the most recent this many are looked up when recommending. */
  RECENT_ITEMS_USED: env.int(10, 1, 500),
  /** Neighbours read per recent item when recommending. */
  NEIGHBOURS_PER_ITEM: env.int(50, 1, 1_000),
  /** Neighbours kept per item (the co-occurrence set is trimmed to its strongest). */
  NEIGHBOURS_KEPT: env.int(200, 1, 10_000),
  WEIGHT_VIEW: env.number(1),
  WEIGHT_ADD_TO_CART: env.number(3),
  WEIGHT_PURCHASE: env.number(5),
  /** Popularity halves every this many hours without new behaviour (forward decay). */
  POPULARITY_HALF_LIFE_HOURS: env.number(24, 0.01),
  /** How long a projected event id is remembered, so a redelivery is not counted twice. */
  DEDUP_TTL_SECONDS: env.int(3_600, 60, 604_800),
  REDIS_COMMAND_TIMEOUT_MS: env.int(500, 10, 60_000),

  // API bounds.
  LIMIT_DEFAULT: env.int(10, 1, 100),
  LIMIT_MAX: env.int(50, 1, 500),

  /** Hot data (catalogue into Redis and memory, popularity snapshot for the fallback), every this often. */
  HOT_DATA_INTERVAL_MS: env.int(60_000, 100, 3_600_000),
  /** Popular items kept in memory for the Redis-down fallback. */
  FALLBACK_POPULAR_ITEMS: env.int(200, 1, 10_000),
  /** The Redis-down fallback's popularity window over the Postgres history. */
  FALLBACK_WINDOW_DAYS: env.int(7, 1, 365),
  /** When Redis comes back empty (data lost), its model is rebuilt from this many days of history. */
  REBUILD_WINDOW_DAYS: env.int(30, 1, 3_650),
};

export type RecommendationsConfig = ReturnType<typeof loadRecommendationsConfig>;

export function loadRecommendationsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(recommendationsEnv, source);
}

export function loadRecommendationsConfigOrExit(): RecommendationsConfig {
  return loadConfigOrExit(recommendationsEnv);
}

export const RECOMMENDATIONS_CONFIG = Symbol('RECOMMENDATIONS_CONFIG');
