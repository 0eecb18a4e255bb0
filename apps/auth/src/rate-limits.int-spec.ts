import { waitFor, type HttpReply } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from './testing/auth-test-app';

const PASSWORD = 'Correct-horse-42';
const WRONG = 'Wrong-password-1';

describe('rate limits and login throttling (Redis)', () => {
  let auth: AuthTestApp;
  let spread: AuthTestApp;
  let open: AuthTestApp;

  beforeAll(async () => {
    await migrateAuth();
    [auth, spread, open] = await Promise.all([
      startAuthApp({
        REGISTER_LIMIT_PER_IP: '3',
        LOGIN_LIMIT_PER_ACCOUNT: '6',
        LOGIN_BACKOFF_FREE_FAILURES: '2',
        LOGIN_BACKOFF_BASE_SECONDS: '1',
        LOGIN_BACKOFF_MAX_SECONDS: '600',
        RATE_LIMIT_WINDOW_SECONDS: '120',
      }),
      startAuthApp({ LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_ACCOUNT_FAILURE_WINDOW_SECONDS: '600' }),
      // Registers the accounts the other apps log into (same database): no register limit.
      startAuthApp({ RATE_LIMIT_ENABLED: 'false', REGISTER_LIMIT_PER_IP: '1', LOGIN_BACKOFF_FREE_FAILURES: '1' }),
    ]);
  });
  afterAll(async () => {
    await auth?.close();
    await spread?.close();
    await open?.close();
  });

  const register = (app: AuthTestApp, email: string) =>
    app.request('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'R' } });
  const account = async () => {
    const email = uniqueEmail('owner');
    expect((await register(open, email)).status).toBe(201);
    return email;
  };
  const login = (app: AuthTestApp, ip: string, email: string, password: string) =>
    app.request('POST', '/auth/login', { body: { email, password }, ip });
  const expectThrottled = (reply: HttpReply, maxSeconds: number): number => {
    expect(reply.status).toBe(429);
    expect(reply.body).toMatchObject({ status: 429, code: 'LOGIN_THROTTLED' });
    const retryAfter = Number(reply.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
    return retryAfter;
  };

  it('limits registers per IP', async () => {
    for (let i = 0; i < 3; i++) expect((await register(auth, uniqueEmail())).status).toBe(201);
    const limited = await register(auth, uniqueEmail());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
  });

  it('an attacker hammering from one IP cannot lock the owner out from another', async () => {
    const email = await account();
    // The free failures look exactly like any wrong password ...
    for (let i = 0; i < 2; i++)
      expect((await login(auth, '127.0.0.2', email, WRONG)).body.code).toBe('INVALID_CREDENTIALS');
    // ... then that source waits, whatever it sends (no password work is spent on it).
    for (let i = 0; i < 8; i++) expectThrottled(await login(auth, '127.0.0.2', email, WRONG), 1);
    expectThrottled(await login(auth, '127.0.0.2', email, PASSWORD), 1);
    // The owner, on a source that has not been failing, is not affected.
    expect((await login(auth, '127.0.0.3', email, PASSWORD)).status).toBe(200);
    expect((await login(auth, '127.0.0.3', email, PASSWORD)).status).toBe(200);
  });

  it('slows a failing source with a growing Retry-After, and a success resets it', async () => {
    const email = await account();
    const ip = '127.0.0.4';
    // Waits out the current delay: attempts during it are refused uncounted, the first after it counts.
    const nextAttempt = (password: string, status: number) =>
      waitFor(async () => (await login(auth, ip, email, password)).status === status, {
        intervalMs: 250,
        timeoutMs: 10_000,
        what: `a ${status} from ${ip}`,
      });

    expect((await login(auth, ip, email, WRONG)).status).toBe(401);
    expect((await login(auth, ip, email, WRONG)).status).toBe(401);
    const delays = [expectThrottled(await login(auth, ip, email, WRONG), 600)];
    for (let round = 0; round < 2; round++) {
      await nextAttempt(WRONG, 401);
      delays.push(expectThrottled(await login(auth, ip, email, WRONG), 600));
    }
    expect(delays).toEqual([1, 2, 4]);

    await nextAttempt(PASSWORD, 200);
    // Back to the free failures and the base delay.
    expect((await login(auth, ip, email, WRONG)).status).toBe(401);
    expect((await login(auth, ip, email, WRONG)).status).toBe(401);
    expect(expectThrottled(await login(auth, ip, email, WRONG), 600)).toBe(1);
  });

  it('a guesser spread over many sources hits the account limit; sources the owner used still get in', async () => {
    const email = await account();
    expect((await login(spread, '127.0.0.5', email, PASSWORD)).status).toBe(200);
    for (const ip of ['127.0.0.10', '127.0.0.11', '127.0.0.12'])
      expect((await login(spread, ip, email, WRONG)).status).toBe(401);

    // A source new to the account waits, even with the right password ...
    expectThrottled(await login(spread, '127.0.0.13', email, PASSWORD), 600);
    // ... the owner's usual source does not.
    expect((await login(spread, '127.0.0.5', email, PASSWORD)).status).toBe(200);

    // Unknown emails are throttled the same way: nothing tells which accounts exist.
    const ghost = uniqueEmail('ghost');
    for (const ip of ['127.0.0.10', '127.0.0.11', '127.0.0.12'])
      expect((await login(spread, ip, ghost, WRONG)).status).toBe(401);
    expectThrottled(await login(spread, '127.0.0.13', ghost, WRONG), 600);
  });

  it('limits logins per account from sources not yet trusted for it', async () => {
    const email = await account();
    for (let i = 1; i <= 6; i++) expect((await login(auth, `127.0.1.${i}`, email, PASSWORD)).status).toBe(200);
    const tooMany = await login(auth, '127.0.1.7', email, PASSWORD);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.code).toBe('RATE_LIMITED');
    expect(tooMany.headers.get('retry-after')).toMatch(/^\d+$/);
    // A source that logged in before is trusted: the account's limit does not apply to it.
    expect((await login(auth, '127.0.1.1', email, PASSWORD)).status).toBe(200);
  });

  it('RATE_LIMIT_ENABLED=false turns every limit off (load tests)', async () => {
    for (let i = 0; i < 4; i++) expect((await register(open, uniqueEmail())).status).toBe(201);
    const email = await account();
    for (let i = 0; i < 3; i++) expect((await login(open, '127.0.0.1', email, 'nope-1234')).status).toBe(401);
    expect((await login(open, '127.0.0.1', email, PASSWORD)).status).toBe(200);
  });
});
