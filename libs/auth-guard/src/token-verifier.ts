import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthenticatedUser, Role } from './authenticated-user';
import { TokenError } from './token-error';

/** The algorithms auth may sign with; anything else (notably `none` and HS*) is refused. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'];
const ROLES: readonly Role[] = ['USER', 'ADMIN'];

export interface TokenVerifierOptions {
  /** Auth's `/.well-known/jwks.json`; fetched once, then cached (refetched on an unknown `kid`). */
  jwksUrl?: string;
  /** Public keys given directly (tests, or a service that ships them in config). */
  publicKeys?: JSONWebKeySet;
  issuer: string;
  audience: string;
  /** Allowed clock skew between auth and this service. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Minimum time between two JWKS refetches triggered by unknown `kid`s. Default 30 s. */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before a refetch. Default 10 min. */
  jwksCacheMaxAgeMs?: number;
}

export interface TokenVerifier {
  /** Resolves the user a token proves, or rejects with a TokenError. */
  verify(token: string | undefined): Promise<AuthenticatedUser>;
}

function keySource(options: TokenVerifierOptions): JWTVerifyGetKey {
  if (options.publicKeys) return createLocalJWKSet(options.publicKeys);
  if (options.jwksUrl) {
    return createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
      timeoutDuration: 2_000,
    });
  }
  throw new Error('createTokenVerifier: give jwksUrl or publicKeys');
}

/**
 * Verifies auth's access tokens locally: a signature check against auth's public keys,
 * plus issuer, audience and expiry. No call to auth per request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = keySource(options);
  return {
    async verify(token) {
      if (!token) throw new TokenError('TOKEN_MISSING', 'Authentication required');
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const role = payload.role as Role;
        const companyId = payload.companyId;
        if (typeof payload.email !== 'string' || !ROLES.includes(role)) {
          throw new TokenError('TOKEN_INVALID', 'Token claims are incomplete');
        }
        if (companyId !== undefined && (typeof companyId !== 'string' || companyId.length === 0)) {
          throw new TokenError('TOKEN_INVALID', 'Token claims are incomplete');
        }
        // Lower case, as request schemas (uuidField) normalise ids, so ownership checks compare equal.
        return {
          id: (payload.sub as string).toLowerCase(),
          email: payload.email,
          role,
          ...(companyId === undefined ? {} : { companyId }),
          expiresAt: payload.exp as number,
        };
      } catch (error) {
        if (error instanceof TokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenError('TOKEN_EXPIRED', 'Token has expired');
        // Forged, signed by an unknown key, wrong issuer/audience, malformed: one answer,
        // so a caller learns nothing about which check failed.
        throw new TokenError('TOKEN_INVALID', 'Token is invalid');
      }
    },
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1];
}
