import { env } from '@perflab/config';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { TokenVerifierOptions } from './token-verifier';

/**
 * A JWKS given inline as JSON in an environment variable (tests, or a deployment that ships
 * auth's public keys): unset or empty → undefined; anything but `{"keys":[...]}` is a start-up
 * error naming the variable.
 */
export function publicKeysEnv() {
  return z
    .string()
    .optional()
    .transform((value, ctx): JSONWebKeySet | undefined => {
      if (!value) return undefined;
      try {
        const parsed = JSON.parse(value) as { keys?: unknown };
        if (Array.isArray(parsed.keys)) return parsed as JSONWebKeySet;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key Set: {"keys":[...]}' });
      return z.NEVER;
    });
}

/** What a service that verifies auth's tokens reads from the environment: spread into its env shape. */
export const tokenVerifierEnv = {
  AUTH_JWKS_URL: env.url('http://127.0.0.1:3001/.well-known/jwks.json', ['http', 'https']),
  /** When set, these keys are used instead of fetching AUTH_JWKS_URL. */
  AUTH_PUBLIC_KEYS: publicKeysEnv(),
  JWT_ISSUER: env.string('perflab-auth'),
  JWT_AUDIENCE: env.string('perflab'),
};

export interface TokenVerifierConfig {
  AUTH_JWKS_URL: string;
  AUTH_PUBLIC_KEYS?: JSONWebKeySet;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
}

/** The verifier's options from that config: the inline keys when given, else the JWKS URL. */
export function tokenVerifierOptionsFrom(config: TokenVerifierConfig): TokenVerifierOptions {
  return {
    ...(config.AUTH_PUBLIC_KEYS ? { publicKeys: config.AUTH_PUBLIC_KEYS } : { jwksUrl: config.AUTH_JWKS_URL }),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
}
