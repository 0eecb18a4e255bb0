import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from './testing/auth-test-app';

const PASSWORD = 'Correct-horse-42';

describe('rate limits and lockout (Redis)', () => {
  let auth: AuthTestApp;
  let open: AuthTestApp;

  beforeAll(async () => {
    await migrateAuth();
    [auth, open] = await Promise.all([
      startAuthApp({
        REGISTER_LIMIT_PER_IP: '3',
        LOGIN_LIMIT_PER_ACCOUNT: '6',
        LOCKOUT_THRESHOLD: '3',
        LOCKOUT_DURATION_SECONDS: '600',
        RATE_LIMIT_WINDOW_SECONDS: '120',
      }),
      startAuthApp({ RATE_LIMIT_ENABLED: 'false', REGISTER_LIMIT_PER_IP: '1', LOCKOUT_THRESHOLD: '2' }),
    ]);
  });
  afterAll(async () => {
    await auth?.close();
    await open?.close();
  });

  const register = (app: AuthTestApp, email: string) =>
    app.request('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'R' } });
  const login = (email: string, password: string) => auth.request('POST', '/auth/login', { body: { email, password } });

  // One test, in order: the register limit counts every register from this IP.
  it('limits registers per IP, locks an account after failed logins, and limits logins per account', async () => {
    const locked = uniqueEmail('locked');
    const busy = uniqueEmail('busy');
    expect((await register(auth, locked)).status).toBe(201);
    expect((await register(auth, busy)).status).toBe(201);
    expect((await register(auth, uniqueEmail())).status).toBe(201);

    const limited = await register(auth, uniqueEmail());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);

    // Failed logins before the lockout look exactly like any wrong password.
    for (let i = 0; i < 3; i++) {
      const wrong = await login(locked, 'Wrong-password-1');
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    }
    // Then even the right password is refused until the lock ends.
    const lockedOut = await login(locked, PASSWORD);
    expect(lockedOut.status).toBe(429);
    expect(lockedOut.body).toMatchObject({ status: 429, code: 'ACCOUNT_LOCKED' });
    expect(Number(lockedOut.headers.get('retry-after'))).toBeGreaterThan(120);
    expect(Number(lockedOut.headers.get('retry-after'))).toBeLessThanOrEqual(600);

    // An unknown email locks the same way: the lockout tells nothing about which accounts exist.
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 3; i++) expect((await login(ghost, 'Wrong-password-1')).status).toBe(401);
    expect((await login(ghost, 'Wrong-password-1')).body.code).toBe('ACCOUNT_LOCKED');

    // Per-account login limit: six logins a window, then 429 with Retry-After.
    for (let i = 0; i < 6; i++) expect((await login(busy, PASSWORD)).status).toBe(200);
    const tooMany = await login(busy, PASSWORD);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.code).toBe('RATE_LIMITED');
    expect(tooMany.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a successful login clears the failure count', async () => {
    const email = uniqueEmail('clears');
    expect((await register(open, email)).status).toBe(201); // the open app: no register limit
    for (let round = 0; round < 2; round++) {
      expect((await login(email, 'Wrong-password-1')).status).toBe(401);
      expect((await login(email, 'Wrong-password-1')).status).toBe(401);
      expect((await login(email, PASSWORD)).status).toBe(200);
    }
  });

  it('RATE_LIMIT_ENABLED=false turns every limit off (load tests)', async () => {
    for (let i = 0; i < 4; i++) expect((await register(open, uniqueEmail())).status).toBe(201);
    const email = uniqueEmail();
    await register(open, email);
    for (let i = 0; i < 3; i++)
      expect((await open.request('POST', '/auth/login', { body: { email, password: 'nope-1234' } })).status).toBe(401);
    expect((await open.request('POST', '/auth/login', { body: { email, password: PASSWORD } })).status).toBe(200);
  });
});
