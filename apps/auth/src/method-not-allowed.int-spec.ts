import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, type AuthTestApp } from './testing/auth-test-app';

/** The runtime's 405 (libs/runtime method-not-allowed) on a real service's routes, over real HTTP. */
describe('auth: a known path with a method it has no route for', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    await migrateAuth();
    auth = await startAuthApp();
  });
  afterAll(async () => {
    await auth?.close();
  });

  it('answers 405 with Allow and the JSON error shape, before any auth check', async () => {
    const res = await auth.request('DELETE', '/users/me', { headers: { 'x-request-id': 'method-405' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH, OPTIONS');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE is not allowed here; allowed: GET, HEAD, PATCH, OPTIONS',
      requestId: 'method-405',
    });
  });

  it('names the methods of a path with a parameter and of a POST-only path', async () => {
    const profile = await auth.request('PUT', '/users/0b7f1c7e-2a1d-4d0e-9a57-6a4f0f6b9c11');
    expect(profile.status).toBe(405);
    expect(profile.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const login = await auth.request('GET', '/auth/login');
    expect(login.status).toBe(405);
    expect(login.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers HEAD on a POST-only path with 405 and no body, HEAD on a GET path as GET', async () => {
    const login = await auth.request('HEAD', '/auth/login');
    expect(login.status).toBe(405);
    expect(login.text).toBe('');
    const jwks = await auth.request('HEAD', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
  });

  it('answers OPTIONS on a known path with 204 and Allow', async () => {
    const res = await auth.request('OPTIONS', '/auth/refresh');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('still answers 404 NOT_FOUND for a path no route has', async () => {
    const res = await auth.request('DELETE', '/no/such/path');
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
