import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenError, createTokenVerifier, bearerToken } from './index';

const issuer = 'perflab-auth';
const audience = 'perflab';
const USER_ID = '0b7f1c7e-2a1d-4d0e-9a57-6a4f0f6b9c11';

async function keyPair(alg: 'EdDSA' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateKey, jwk, alg, kid };
}

type Pair = Awaited<ReturnType<typeof keyPair>>;

function sign(
  pair: Pair,
  claims: Record<string, unknown> = {},
  opts: { exp?: string | number; iss?: string; aud?: string; sub?: string } = {},
) {
  return new SignJWT({ email: 'a@example.com', role: 'USER', ...claims })
    .setProtectedHeader({ alg: pair.alg, kid: pair.kid, typ: 'JWT' })
    .setSubject(opts.sub ?? USER_ID)
    .setIssuedAt()
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? audience)
    .setExpirationTime(opts.exp ?? '5m')
    .sign(pair.privateKey);
}

async function refusal(promise: Promise<unknown>): Promise<TokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
}

describe('createTokenVerifier with public keys', () => {
  let ed: Pair;
  let es: Pair;
  let stranger: Pair;
  let jwks: JSONWebKeySet;

  beforeAll(async () => {
    ed = await keyPair('EdDSA', 'ed-1');
    es = await keyPair('ES256', 'es-1');
    stranger = await keyPair('EdDSA', 'ed-1'); // same kid, different key: a forgery
    jwks = { keys: [ed.jwk, es.jwk] };
  });

  it('accepts a good EdDSA or ES256 token and returns the user', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    const user = await verifier.verify(await sign(ed, { role: 'ADMIN' }));
    expect(user).toMatchObject({ id: USER_ID, email: 'a@example.com', role: 'ADMIN' });
    expect(user.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect((await verifier.verify(await sign(es))).role).toBe('USER');
  });

  describe('verified-token cache', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('answers a token it verified from memory, and forgets it when the token expires', async () => {
      const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience, clockToleranceSeconds: 0 });
      const token = await sign(ed, {}, { exp: Math.floor(Date.now() / 1000) + 30 });
      const first = await verifier.verify(token);
      expect(await verifier.verify(token)).toBe(first); // the same object: no second verification
      vi.useFakeTimers({ now: Date.now() + 31_000 });
      expect((await refusal(verifier.verify(token))).code).toBe('TOKEN_EXPIRED');
    });

    it('re-verifies after its TTL, and not at all when turned off', async () => {
      const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience, verifiedTokenTtlMs: 1_000 });
      const token = await sign(ed);
      const first = await verifier.verify(token);
      vi.useFakeTimers({ now: Date.now() + 1_500 });
      const again = await verifier.verify(token);
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
      vi.useRealTimers();
      const off = createTokenVerifier({ publicKeys: jwks, issuer, audience, verifiedTokenTtlMs: 0 });
      expect(await off.verify(token)).not.toBe(await off.verify(token));
    });

    it('never stores a refused token, and keeps at most its size', async () => {
      const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience, verifiedTokenCacheSize: 1 });
      const forged = await sign(stranger);
      expect((await refusal(verifier.verify(forged))).code).toBe('TOKEN_INVALID');
      expect((await refusal(verifier.verify(forged))).code).toBe('TOKEN_INVALID');
      const [a, b] = [await sign(ed, { email: 'a@example.com' }), await sign(ed, { email: 'b@example.com' })];
      const userA = await verifier.verify(a);
      await verifier.verify(b); // evicts a
      expect(await verifier.verify(a)).not.toBe(userA);
    });
  });

  it('refuses a missing token', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    expect((await refusal(verifier.verify(undefined))).code).toBe('TOKEN_MISSING');
  });

  it('refuses an expired token as expired', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience, clockToleranceSeconds: 0 });
    const token = await sign(ed, {}, { exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await refusal(verifier.verify(token))).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed by another key, a tampered payload, and wrong iss/aud', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    expect((await refusal(verifier.verify(await sign(stranger)))).code).toBe('TOKEN_INVALID');

    const [header, , signature] = (await sign(ed)).split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        sub: USER_ID,
        email: 'a@example.com',
        role: 'ADMIN',
        iss: issuer,
        aud: audience,
        iat: 1,
        exp: 9_999_999_999,
      }),
    ).toString('base64url');
    expect((await refusal(verifier.verify(`${header}.${forgedPayload}.${signature}`))).code).toBe('TOKEN_INVALID');

    expect((await refusal(verifier.verify(await sign(ed, {}, { iss: 'someone-else' })))).code).toBe('TOKEN_INVALID');
    expect((await refusal(verifier.verify(await sign(ed, {}, { aud: 'other-app' })))).code).toBe('TOKEN_INVALID');
    expect((await refusal(verifier.verify('not.a.jwt'))).code).toBe('TOKEN_INVALID');
  });

  it('refuses alg=none and an unknown role', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', kid: 'ed-1' })}.${b64({ sub: 'x', email: 'e', role: 'ADMIN', iss: issuer, aud: audience, iat: now, exp: now + 60 })}.`;
    expect((await refusal(verifier.verify(unsigned))).code).toBe('TOKEN_INVALID');
    expect((await refusal(verifier.verify(await sign(ed, { role: 'ROOT' })))).code).toBe('TOKEN_INVALID');
  });
  it('passes a companyId claim through and refuses one that is not a non-empty string', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    expect((await verifier.verify(await sign(ed, { companyId: 'acme' }))).companyId).toBe('acme');
    expect(await verifier.verify(await sign(ed))).not.toHaveProperty('companyId');
    for (const companyId of [42, '', ['acme']]) {
      expect((await refusal(verifier.verify(await sign(ed, { companyId })))).code).toBe('TOKEN_INVALID');
    }
  });
  it('refuses a signed token whose sub is not a UUID (it would reach a uuid column), and lower-cases one', async () => {
    const verifier = createTokenVerifier({ publicKeys: jwks, issuer, audience });
    for (const sub of ['not-a-uuid', 'user-1', `${USER_ID}x`, '']) {
      expect((await refusal(verifier.verify(await sign(ed, {}, { sub })))).code).toBe('TOKEN_INVALID');
    }
    expect((await verifier.verify(await sign(ed, {}, { sub: USER_ID.toUpperCase() }))).id).toBe(USER_ID);
  });
});

describe('createTokenVerifier with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let fetches = 0;
  let pair: Pair;

  beforeAll(async () => {
    pair = await keyPair('EdDSA', 'remote-1');
    server = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [pair.jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the keys once and then verifies locally', async () => {
    const verifier = createTokenVerifier({ jwksUrl: url, issuer, audience });
    for (let i = 0; i < 5; i++) expect((await verifier.verify(await sign(pair))).id).toBe(USER_ID);
    expect(fetches).toBe(1);
  });
});

describe('bearerToken', () => {
  it('extracts the token from an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
