import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, type AuthTestApp } from './testing/auth-test-app';

describe('auth OpenAPI document', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    await migrateAuth();
    auth = await startAuthApp();
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('is served at /openapi.json and is valid OpenAPI 3.1', async () => {
    const response = await fetch(`${auth.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/login', '/users/me', '/users/{id}', '/.well-known/jwks.json']),
    );
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(auth.app)).toEqual([]);
  });

  it('serves the docs page and its assets from the installed package', async () => {
    const page = await fetch(`${auth.url}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const bundle = await fetch(`${auth.url}/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
  });
});
