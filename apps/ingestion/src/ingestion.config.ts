import { ConfigError, env, infrastructureEnv, loadConfig } from '@perflab/config';
import { outboxPublishingEnv } from '@perflab/messaging';
import { z } from 'zod';
import { parseWebhookSources } from './webhook-signature/webhook-sources';

/**
 * The local stack's sender: k6 scripts and the bare baseline sign with this key. A deployment
 * sets its own sources; never use this one beyond the machine.
 */
export const LOCAL_WEBHOOK_SECRETS = 'loadtest=whsec_cGVyZmxhYi1sb2NhbC1kZXYtd2ViaG9vay1rZXktMDE=';

const webhookSources = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined; // resolved below: the local key, outside production

    try {
      return parseWebhookSources(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Everything the ingestion service reads from the environment, validated once at start-up.
 * Defaults run the local stack (`npm run stack -- up`).
 */
export const ingestionEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3004),
  /** Webhook bodies are small (a few hundred bytes); anything past this answers 413 before it is read whole. */
  BODY_LIMIT_BYTES: env.int(65_536, 1_024, 10_485_760),
  /**
   * Per worker. 003's first recommendation is "pool 20 → 50": 20 is its starting point; set 50
   * to measure the other (mind Postgres' max_connections: pool × workers × instances).
   */
  DATABASE_POOL_SIZE: env.int(20, 1, 500),

  /**
   * Senders and their `whsec_` secrets: `source=whsec_A whsec_B,other=whsec_C` (two secrets = a
   * rotation). Unset: the local stack's `loadtest` sender, refused when NODE_ENV=production.
   */
  WEBHOOK_SECRETS: webhookSources,
  /** A `webhook-timestamp` further than this from now is refused (replays); the spec's default, 5 min. */
  WEBHOOK_TOLERANCE_SECONDS: env.int(300, 1, 3_600),
  /**
   * 003's "request batching for high-volume periods": webhooks arriving in the same event-loop
   * turn (or within INGEST_BATCH_LINGER_MS) share one INSERT statement, up to this many. 0 = off
   * (one statement per webhook). On by default: at 1,000 webhooks/s it cut p95 by 79 % (503 → 106 ms,
   * medians of 2 rounds each; load-tests/ingestion/RESULTS.md), and with no linger a lone webhook
   * waits only for the end of its own turn.
   */
  INGEST_BATCH_MAX: env.int(100, 0, 1_000),
  INGEST_BATCH_LINGER_MS: env.int(0, 0, 100),

  // Kafka. Topic names are configurable so tests run on their own; partition counts are the contracts'.
  SESSION_COMPLETED_TOPIC: env.string('impact.session-completed.v1'),
  FEEDBACK_RECEIVED_TOPIC: env.string('impact.feedback-received.v1'),
  ...outboxPublishingEnv,
};

export type IngestionConfig = ReturnType<typeof loadIngestionConfig>;

export function loadIngestionConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(ingestionEnv, source);
  if (config.WEBHOOK_SECRETS) return { ...config, WEBHOOK_SECRETS: config.WEBHOOK_SECRETS };
  // A key in the source code is no secret: fine for the local stack, never for production.
  if (config.NODE_ENV === 'production') {
    throw new ConfigError([
      {
        variable: 'WEBHOOK_SECRETS',
        message: 'is required when NODE_ENV=production (the built-in key is for the local stack)',
      },
    ]);
  }
  return { ...config, WEBHOOK_SECRETS: parseWebhookSources(LOCAL_WEBHOOK_SECRETS) };
}

/** For main.ts: a configuration problem is printed, naming the variable, and the process exits. */
export function loadIngestionConfigOrExit(): IngestionConfig {
  try {
    return loadIngestionConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG, as loadConfigOrExit
  }
}

export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');
