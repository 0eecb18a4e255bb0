import { createTokenVerifier } from '@perflab/auth-guard';
import { testEnv } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from '../testing/auth-test-app';

const PASSWORD = 'Correct-horse-42';

describe("the access token's companyId claim (reporting's access rule)", () => {
  let auth: AuthTestApp;
  let pg: Client;

  beforeAll(async () => {
    await migrateAuth();
    pg = new Client({ connectionString: testEnv.databaseUrl });
    await pg.connect();
    auth = await startAuthApp({});
  });
  afterAll(async () => {
    await auth?.close();
    await pg?.end();
  });

  it('is absent for a user without a company, and carried by login and refresh once one is assigned', async () => {
    const verifier = createTokenVerifier({
      jwksUrl: `${auth.url}/.well-known/jwks.json`,
      issuer: 'perflab-auth',
      audience: 'perflab',
    });
    const email = uniqueEmail('company');
    const registered = await auth.request('POST', '/auth/register', {
      body: { email, password: PASSWORD, name: 'Grace' },
    });
    expect(registered.status).toBe(201);
    const login = () => auth.request('POST', '/auth/login', { body: { email, password: PASSWORD } });

    const before = await login();
    expect(await verifier.verify(before.body.access_token as string)).not.toHaveProperty('companyId');

    // An operator (or a seed) assigns the company; the user cannot.
    await pg.query('UPDATE auth.users SET company_id = $1 WHERE id = $2', ['acme', registered.body.id]);
    const after = await login();
    expect(await verifier.verify(after.body.access_token as string)).toMatchObject({ companyId: 'acme' });

    const refreshed = await auth.request('POST', '/auth/refresh', {
      body: { refresh_token: after.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(await verifier.verify(refreshed.body.access_token as string)).toMatchObject({ companyId: 'acme' });
  });
});
