import { randomUUID } from 'node:crypto';
import { startTcpProxy, testEnv, type HttpReply, type TcpProxy } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from './testing/auth-test-app';

const PASSWORD = 'Correct-horse-42';

function expectUnavailable(reply: HttpReply, what: string): void {
  expect({ what, status: reply.status }).toEqual({ what, status: 503 });
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(reply.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
}

/**
 * Postgres going away under a running auth (it loads its signing keys from Postgres, so it
 * starts through a proxy that is then cut; the shared Postgres keeps running for everyone).
 */
describe('auth while Postgres is unreachable', () => {
  let proxy: TcpProxy;
  let auth: AuthTestApp;
  let user: { id: string; email: string; access: string; refresh: string };

  beforeAll(async () => {
    await migrateAuth();
    const target = new URL(testEnv.databaseUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(testEnv.databaseUrl);
    viaProxy.port = String(proxy.port);
    auth = await startAuthApp({ DATABASE_URL: viaProxy.toString() });

    const email = uniqueEmail('outage');
    const registered = await auth.request('POST', '/auth/register', {
      body: { email, password: PASSWORD, name: 'Ada' },
    });
    expect(registered.status).toBe(201);
    const tokens = await auth.request('POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(tokens.status).toBe(200);
    user = {
      id: registered.body.id as string,
      email,
      access: tokens.body.access_token as string,
      refresh: tokens.body.refresh_token as string,
    };
    await proxy.cut();
  });
  afterAll(async () => {
    await auth?.close();
    await proxy?.close();
  });

  it('answers reads with 503 + Retry-After', async () => {
    expectUnavailable(await auth.request('GET', '/users/me', { token: user.access }), 'own profile');
    expectUnavailable(await auth.request('GET', `/users/${randomUUID()}`), 'public profile');
    expectUnavailable(
      await auth.request('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } }),
      'login',
    );
  });

  it('answers writes with 503 + Retry-After', async () => {
    expectUnavailable(
      await auth.request('POST', '/auth/register', {
        body: { email: uniqueEmail('outage'), password: PASSWORD, name: 'Grace' },
      }),
      'register',
    );
    expectUnavailable(
      await auth.request('PATCH', '/users/me', { token: user.access, body: { bio: 'offline' } }),
      'update profile',
    );
    expectUnavailable(
      await auth.request('POST', '/auth/refresh', { body: { refresh_token: user.refresh } }),
      'refresh (an interactive transaction)',
    );
    expectUnavailable(await auth.request('POST', '/auth/logout', { body: { refresh_token: user.refresh } }), 'logout');
  });

  it('reports the database down on readiness', async () => {
    const health = await auth.request('GET', '/health/database');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', checks: { database: { status: 'down' } } });
  });
});
