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
  /**
   * Tokens whose signature was checked are remembered (exact token text → user) this long, never
   * past their expiry, so a client's next requests skip the signature check. Default 60 s; 0 = off.
   */
  verifiedTokenTtlMs?: number;
  /** At most this many remembered tokens; the oldest go first. Default 10,000. */
  verifiedTokenCacheSize?: number;
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

/** The shape Postgres' uuid type accepts (any version): the `sub` of every token auth signs. */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies auth's access tokens locally: a signature check against auth's public keys,
 * plus issuer, audience and expiry. No call to auth per request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = keySource(options);
  const verified = new VerifiedTokens(options.verifiedTokenTtlMs ?? 60_000, options.verifiedTokenCacheSize ?? 10_000);
  return {
    async verify(token) {
      if (!token) throw new TokenError('TOKEN_MISSING', 'Authentication required');
      const known = verified.get(token);
      if (known) return known;
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
        // auth's user ids are UUIDs; anything else would reach a uuid column as a 500, not a 401.
        if (typeof payload.sub !== 'string' || !UUID_SHAPE.test(payload.sub)) {
          throw new TokenError('TOKEN_INVALID', 'Token claims are incomplete');
        }
        if (typeof payload.email !== 'string' || !ROLES.includes(role)) {
          throw new TokenError('TOKEN_INVALID', 'Token claims are incomplete');
        }
        if (companyId !== undefined && (typeof companyId !== 'string' || companyId.length === 0)) {
          throw new TokenError('TOKEN_INVALID', 'Token claims are incomplete');
        }
        // Lower case, as request schemas (uuidField) normalise ids, so ownership checks compare equal.
        const user: AuthenticatedUser = {
          id: (payload.sub as string).toLowerCase(),
          email: payload.email,
          role,
          ...(companyId === undefined ? {} : { companyId }),
          expiresAt: payload.exp as number,
        };
        verified.set(token, user);
        return user;
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

/**
 * Verified tokens by their exact text. Only a token whose signature, issuer, audience and claims
 * passed is stored, so a hit proves what a verification would; an entry ends at the token's
 * expiry (no clock tolerance: the cache never extends a token) or after ttlMs, whichever is first.
 * A Map keeps insertion order: when full, the oldest entry goes.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { user: AuthenticatedUser; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(token: string): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, user: AuthenticatedUser): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    const until = Math.min(Date.now() + this.ttlMs, user.expiresAt * 1000);
    if (until <= Date.now()) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { user, until });
  }
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1];
}
