import { createTokenVerifier } from '@perflab/auth-guard';
import { testEnv } from '@perflab/testing';
import { createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { SignJWT, decodeProtectedHeader } from 'jose';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from './testing/auth-test-app';
import { hashOpaqueToken } from './tokens/opaque-token';

const PASSWORD = 'Correct-horse-42';

describe('auth service over HTTP (Postgres, Redis, Kafka)', () => {
  let auth: AuthTestApp;
  let pg: Client;
  const adminEmail = uniqueEmail('admin');

  const register = (body: Record<string, unknown>) => auth.request('POST', '/auth/register', { body });
  const login = (email: string, password = PASSWORD) =>
    auth.request('POST', '/auth/login', { body: { email, password } });

  async function newUser(name = 'Ada') {
    const email = uniqueEmail();
    const res = await register({ email, password: PASSWORD, name });
    expect(res.status).toBe(201);
    const tokens = await login(email);
    expect(tokens.status).toBe(200);
    return {
      id: res.body.id as string,
      email,
      access: tokens.body.access_token as string,
      refresh: tokens.body.refresh_token as string,
    };
  }

  beforeAll(async () => {
    await migrateAuth();
    pg = new Client({ connectionString: testEnv.databaseUrl });
    await pg.connect();
    auth = await startAuthApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'Admin-pass-123', BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await auth?.close();
    await pg?.end();
  });

  describe('POST /auth/register', () => {
    it('creates a user and answers 201 without any password material', async () => {
      const email = uniqueEmail('Mixed');
      const res = await register({ email: email.toUpperCase(), password: PASSWORD, name: 'Grace' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, name: 'Grace', role: 'USER', bio: null, avatarUrl: null });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|argon/i);
      const row = await pg.query('SELECT password_hash FROM auth.users WHERE id = $1', [res.body.id]);
      expect(row.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    });

    it('accepts `username` for the name, as 001 k6 script sends', async () => {
      const res = await register({ email: uniqueEmail(), password: 'password123', username: 'user42' });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('user42');
    });

    it('answers 409 for an email already registered, in any case', async () => {
      const email = uniqueEmail();
      expect((await register({ email, password: PASSWORD, name: 'A' })).status).toBe(201);
      const again = await register({ email: email.toUpperCase(), password: PASSWORD, name: 'B' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ status: 409, code: 'EMAIL_TAKEN', field: 'email' });
    });

    it.each([
      ['an invalid email', { email: 'not-an-email', password: PASSWORD, name: 'A' }, 'email'],
      ['a short password', { email: 'x@example.com', password: 'a1', name: 'A' }, 'password'],
      ['a password without digits', { email: 'x@example.com', password: 'lettersonly', name: 'A' }, 'password'],
      ['a missing name', { email: 'x@example.com', password: PASSWORD }, 'name'],
      ['a missing email', { password: PASSWORD, name: 'A' }, 'email'],
      [
        'an extra field (no self-assigned role)',
        { email: 'x@example.com', password: PASSWORD, name: 'A', role: 'ADMIN' },
        'role',
      ],
      // Text Postgres refuses (22021, 22P05): bad input, never a 500.
      ['a NUL in the name', { email: 'x@example.com', password: PASSWORD, name: 'A\u0000B' }, 'name'],
      ['a lone surrogate in the email', { email: 'x\ud800@example.com', password: PASSWORD, name: 'A' }, 'email'],
    ])('answers 400 naming the field for %s', async (_what, body, field) => {
      const res = await register(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
    });

    it('answers 400 for malformed JSON and 413 for a body over the limit', async () => {
      const malformed = await auth.request('POST', '/auth/register', { raw: '{"email": "a@example.com",' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      const big = await register({ email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(4_000) });
      expect(big.status).toBe(413);
      expect(big.body.status).toBe(413);
    });
  });

  describe('POST /auth/login and tokens', () => {
    it('returns a token pair whose access token verifies against the published JWKS', async () => {
      const user = await newUser();
      const res = await login(user.email);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      const verifier = createTokenVerifier({
        jwksUrl: `${auth.url}/.well-known/jwks.json`,
        issuer: 'perflab-auth',
        audience: 'perflab',
      });
      expect(await verifier.verify(res.body.access_token as string)).toMatchObject({
        id: user.id,
        email: user.email,
        role: 'USER',
      });
      expect(decodeProtectedHeader(res.body.access_token as string)).toMatchObject({
        alg: 'EdDSA',
        kid: expect.any(String),
      });
    });

    it('publishes public keys only, with cache headers', async () => {
      const res = await auth.request('GET', '/.well-known/jwks.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const keys = res.body.keys as Record<string, unknown>[];
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.any(String), alg: 'EdDSA' });
        expect(key).not.toHaveProperty('d');
      }
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      const user = await newUser();
      const wrong = await login(user.email, 'Wrong-password-1');
      const unknown = await login(uniqueEmail('nobody'));
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it('lets the bootstrap admin log in with role ADMIN', async () => {
      const res = await login(adminEmail, 'Admin-pass-123');
      expect(res.status).toBe(200);
      const me = await auth.request('GET', '/users/me', { token: res.body.access_token as string });
      expect(me.body).toMatchObject({ email: adminEmail, role: 'ADMIN' });
    });

    it('refuses missing, expired, forged and foreign-key tokens with 401', async () => {
      const user = await newUser();
      expect((await auth.request('GET', '/users/me')).body).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });

      // Expired, but signed with the service's real key (read from its table).
      const { rows } = await pg.query<{ kid: string; private_jwk: JsonWebKey }>(
        'SELECT kid, private_jwk FROM auth.signing_keys WHERE active',
      );
      const realKey = createPrivateKey({ key: rows[0].private_jwk, format: 'jwk' });
      const now = Math.floor(Date.now() / 1000);
      const sign = (key: typeof realKey, exp: number, role = 'USER') =>
        new SignJWT({ email: user.email, role })
          .setProtectedHeader({ alg: 'EdDSA', kid: rows[0].kid })
          .setSubject(user.id)
          .setIssuer('perflab-auth')
          .setAudience('perflab')
          .setIssuedAt(now - 3_600)
          .setExpirationTime(exp)
          .sign(key);
      const expired = await auth.request('GET', '/users/me', { token: await sign(realKey, now - 60) });
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('TOKEN_EXPIRED');

      const [header, payload, signature] = user.access.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url');
      const forged = await auth.request('GET', '/users/me', { token: `${header}.${tampered}.${signature}` });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('TOKEN_INVALID');

      const otherKey = generateKeyPairSync('ed25519').privateKey;
      const foreign = await auth.request('GET', '/users/me', { token: await sign(otherKey, now + 600) });
      expect(foreign.status).toBe(401);
      expect(foreign.body.code).toBe('TOKEN_INVALID');
    });
  });

  describe('refresh and logout', () => {
    const refresh = (token: string) => auth.request('POST', '/auth/refresh', { body: { refresh_token: token } });
    /** Moves a used token's rotation an hour back: past the reuse grace window, without waiting. */
    const ageRotation = (token: string) =>
      pg.query(`UPDATE auth.refresh_tokens SET revoked_at = revoked_at - interval '1 hour' WHERE token_hash = $1`, [
        hashOpaqueToken(token),
      ]);

    it('rotates the refresh token; reusing the old one after the grace window revokes the whole family', async () => {
      const user = await newUser();
      const first = await refresh(user.refresh);
      expect(first.status).toBe(200);
      const rotated = first.body.refresh_token as string;
      expect(rotated).not.toBe(user.refresh);
      expect((await auth.request('GET', '/users/me', { token: first.body.access_token as string })).status).toBe(200);

      await ageRotation(user.refresh);
      const reuse = await refresh(user.refresh);
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
      // The thief's reuse also ended the legitimate holder's newer token.
      expect((await refresh(rotated)).status).toBe(401);
    });

    it('two tabs refreshing the same token at once both succeed, and the session stays valid', async () => {
      const user = await newUser();
      const tabs = await Promise.all([refresh(user.refresh), refresh(user.refresh), refresh(user.refresh)]);
      expect(tabs.map((tab) => tab.status)).toEqual([200, 200, 200]);
      const successors = tabs.map((tab) => tab.body.refresh_token as string);
      expect(new Set(successors).size).toBe(3);
      // A retry a moment later (a lost response) is within the window too.
      const retried = await refresh(user.refresh);
      expect(retried.status).toBe(200);
      for (const tab of [...tabs, retried])
        expect((await auth.request('GET', '/users/me', { token: tab.body.access_token as string })).status).toBe(200);
      // Every successor carries the session on; none of this counted as reuse.
      for (const token of [...successors, retried.body.refresh_token as string])
        expect((await refresh(token)).status).toBe(200);
    });

    it('gives no grace to a token whose session was revoked', async () => {
      const user = await newUser();
      const rotated = (await refresh(user.refresh)).body.refresh_token as string;
      expect((await auth.request('POST', '/auth/logout', { body: { refresh_token: rotated } })).status).toBe(204);
      // Rotated a moment ago, but its family is logged out.
      const late = await refresh(user.refresh);
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('refuses an unknown refresh token', async () => {
      const res = await auth.request('POST', '/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('logout revokes the refresh token', async () => {
      const user = await newUser();
      const out = await auth.request('POST', '/auth/logout', { body: { refresh_token: user.refresh } });
      expect(out.status).toBe(204);
      const after = await refresh(user.refresh);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('REFRESH_TOKEN_REUSED');
    });
  });

  describe('profiles', () => {
    it('serves GET /users/:id from the cache and shows the change after PATCH /users/me', async () => {
      const user = await newUser('Before');
      const first = await auth.request('GET', `/users/${user.id}`);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        id: user.id,
        name: 'Before',
        bio: null,
        avatarUrl: null,
        createdAt: expect.any(String),
      });
      expect((await auth.request('GET', '/users/me', { token: user.access })).body.name).toBe('Before');

      // A write behind the service's back is invisible: reads come from Redis.
      await pg.query(`UPDATE auth.users SET name = 'Sneaky' WHERE id = $1`, [user.id]);
      expect((await auth.request('GET', `/users/${user.id}`)).body.name).toBe('Before');
      expect((await auth.request('GET', '/users/me', { token: user.access })).body.name).toBe('Before');

      const patch = await auth.request('PATCH', '/users/me', {
        token: user.access,
        body: { name: 'After', bio: 'Hello', avatarUrl: 'https://example.com/a.png', settings: { theme: 'dark' } },
      });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ name: 'After', bio: 'Hello', settings: { theme: 'dark' }, email: user.email });

      expect((await auth.request('GET', `/users/${user.id}`)).body).toMatchObject({
        name: 'After',
        bio: 'Hello',
        avatarUrl: 'https://example.com/a.png',
      });
      expect((await auth.request('GET', '/users/me', { token: user.access })).body).toMatchObject({
        name: 'After',
        settings: { theme: 'dark' },
      });
    });

    it('validates PATCH bodies and ids', async () => {
      const user = await newUser();
      const bad = await auth.request('PATCH', '/users/me', {
        token: user.access,
        body: { avatarUrl: 'javascript:alert(1)' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('avatarUrl');
      expect(
        (await auth.request('PATCH', '/users/me', { token: user.access, body: { email: 'new@example.com' } })).body
          .field,
      ).toBe('email');
      expect((await auth.request('PATCH', '/users/me', { token: user.access, body: {} })).status).toBe(400);
      expect((await auth.request('PATCH', '/users/me', { body: { name: 'x' } })).status).toBe(401);

      const notUuid = await auth.request('GET', '/users/not-a-uuid');
      expect(notUuid.status).toBe(400);
      expect(notUuid.body.field).toBe('id');
      const missing = await auth.request('GET', '/users/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
    });
  });

  it('reports readiness of Postgres, Redis and Kafka, and its metrics', async () => {
    const health = await auth.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } },
    });
    const metrics = await fetch(`${auth.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/auth_registrations_total\{outcome="created"\} \d+/);
    expect(metrics).toMatch(/auth_logins_total\{outcome="invalid"\} \d+/);
  });
});
