import { env, infrastructureEnv, loadConfig, loadConfigOrExit } from '@perflab/config';
import { outboxPublishingEnv } from '@perflab/messaging';
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

/** True when `pem` parses as an Ed25519 or EC private key (the algorithms the issuer signs with). */
function isSigningKey(pem: string): boolean {
  try {
    const type = createPrivateKey({ key: pem, format: 'pem' }).asymmetricKeyType;
    return type === 'ed25519' || type === 'ec';
  } catch {
    return false;
  }
}

/** PEM text from the environment, with literal "\n" allowed (one-line env files). */
const pem = z
  .string()
  .optional()
  .transform((v) => (v ? v.replace(/\\n/g, '\n') : undefined))
  .refine(
    // Parsed, not pattern-matched: a truncated or wrong-type key fails at start-up, not at first login.
    (v) => v === undefined || isSigningKey(v),
    'must be a PKCS#8 PEM private key (Ed25519 or P-256)',
  );

/**
 * Everything auth reads from the environment, validated once at start-up.
 * Defaults run the local stack; production sets AUTH_SIGNING_KEY and the admin bootstrap.
 */
export const authEnv = {
  ...infrastructureEnv,
  HOST: env.string('127.0.0.1'),
  PORT: env.port(3001),
  BODY_LIMIT_BYTES: env.int(16_384, 1_024, 10_485_760),

  JWT_ISSUER: env.string('perflab-auth'),
  JWT_AUDIENCE: env.string('perflab'),
  JWT_ACCESS_TTL_SECONDS: env.int(900, 30, 86_400),
  JWT_REFRESH_TTL_SECONDS: env.int(2_592_000, 300, 31_536_000),
  /** Unset: a key pair is generated once and kept in auth.signing_keys (shared by all workers). */
  AUTH_SIGNING_KEY: pem,

  // OWASP Password Storage Cheat Sheet, argon2id: m=7 MiB, t=5, p=1 — of its five equivalent
  // sets, the one this machine hashes fastest (ADR 0012, measured with npm run argon2-cost).
  ARGON2_MEMORY_KIB: env.int(7_168, 1_024, 1_048_576),
  ARGON2_ITERATIONS: env.int(5, 1, 20),
  ARGON2_PARALLELISM: env.int(1, 1, 16),

  /** Created (or promoted) at start-up when both are set: 002's ADMIN test user. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  ADMIN_NAME: env.string('Administrator'),

  /** Off only for load tests that must measure the service, not the limiter. */
  RATE_LIMIT_ENABLED: env.bool(true),
  RATE_LIMIT_WINDOW_SECONDS: env.int(60, 1, 86_400),
  /** Per client IP per window. A load generator on one IP needs these raised (see load-tests/auth). */
  REGISTER_LIMIT_PER_IP: env.int(100, 1, 10_000_000),
  REGISTER_LIMIT_PER_ACCOUNT: env.int(5, 1, 10_000_000),
  LOGIN_LIMIT_PER_IP: env.int(300, 1, 10_000_000),
  /** Login attempts per account per window from sources not yet trusted for it. */
  LOGIN_LIMIT_PER_ACCOUNT: env.int(30, 1, 10_000_000),
  /** Consecutive failed logins from one source (IP) for one account before it must wait ... */
  LOGIN_BACKOFF_FREE_FAILURES: env.int(5, 1, 1_000),
  /** ... this long, doubling with each further failure, up to the max; a success resets it. */
  LOGIN_BACKOFF_BASE_SECONDS: env.int(1, 1, 3_600),
  LOGIN_BACKOFF_MAX_SECONDS: env.int(900, 1, 86_400),
  /** How long a source's failures for an account are remembered without a new one. */
  LOGIN_FAILURE_MEMORY_SECONDS: env.int(86_400, 60, 2_592_000),
  /** Failed logins for one account from all sources within the window before only trusted sources get through. */
  LOGIN_FAILURES_PER_ACCOUNT: env.int(100, 2, 10_000_000),
  LOGIN_ACCOUNT_FAILURE_WINDOW_SECONDS: env.int(3_600, 1, 86_400),
  /** A source the account logged in from stays trusted this long (exempt from the per-account limits). */
  LOGIN_TRUSTED_SOURCE_SECONDS: env.int(2_592_000, 60, 31_536_000),
  /** A just-rotated refresh token presented again within this time (two tabs racing) is not reuse. */
  REFRESH_REUSE_GRACE_SECONDS: env.int(15, 0, 300),

  /** Prefix of every Redis key auth writes (profiles, rate limits); tests use their own. */
  REDIS_KEY_PREFIX: env.string('auth'),
  PROFILE_CACHE_TTL_SECONDS: env.int(300, 1, 86_400),
  ...outboxPublishingEnv,
  /** auth keeps the relay batches it had before the shared variables: 100 by default, at most 1,000. */
  OUTBOX_BATCH_SIZE: env.int(100, 1, 1_000),
};

export type AuthConfig = ReturnType<typeof loadAuthConfig>;

export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(authEnv, source);
}

export function loadAuthConfigOrExit(): AuthConfig {
  return loadConfigOrExit(authEnv);
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
