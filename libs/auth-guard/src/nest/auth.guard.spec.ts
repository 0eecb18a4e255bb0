import 'reflect-metadata';
import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthGuard, AuthGuardModule, CurrentUser, Roles, type AuthenticatedUser } from '../index';

const issuer = 'perflab-auth';
const audience = 'perflab';
/** Subjects are user ids: UUIDs (the verifier refuses anything else). */
const USER_ID = '7f1c2a9e-4b3d-4e8a-9c21-5d6e7f8a9b0c';

@Controller()
@UseGuards(AuthGuard)
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Get('admin')
  @Roles('ADMIN')
  admin(@CurrentUser() user: AuthenticatedUser) {
    return { admin: user.id };
  }
}

describe('AuthGuard in a Nest app', () => {
  let app: INestApplication;
  let key: CryptoKey;
  let otherKey: CryptoKey;

  const token = (role: string, signWith = key, exp: number | string = '5m') =>
    new SignJWT({ email: 'guard@example.com', role })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject(USER_ID)
      .setIssuedAt()
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(exp)
      .sign(signWith);

  const get = (path: string, bearer?: string) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: path,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      }) as Promise<{ statusCode: number; json(): Record<string, unknown> }>;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair('EdDSA')).privateKey;
    const publicKeys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA' }] };

    @Module({ imports: [AuthGuardModule.forRoot({ publicKeys, issuer, audience })], controllers: [ProbeController] })
    class ProbeModule {}

    app = await NestFactory.create(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());

  it('lets a valid token through and exposes the user', async () => {
    const res = await get('/me', await token('USER'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: USER_ID, email: 'guard@example.com', role: 'USER' });
  });

  it('answers 401 JSON for a missing, expired or foreign-key token', async () => {
    const missing = await get('/me');
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ status: 401, code: 'TOKEN_MISSING', message: 'Authentication required' });

    const expired = await get('/me', await token('USER', key, Math.floor(Date.now() / 1000) - 60));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('TOKEN_EXPIRED');

    const foreign = await get('/me', await token('USER', otherKey));
    expect(foreign.statusCode).toBe(401);
    expect(foreign.json().code).toBe('TOKEN_INVALID');
  });

  it('answers 403 for the wrong role and 200 for the right one', async () => {
    const user = await get('/admin', await token('USER'));
    expect(user.statusCode).toBe(403);
    expect(user.json()).toEqual({ status: 403, code: 'FORBIDDEN', message: 'Insufficient role' });

    const admin = await get('/admin', await token('ADMIN'));
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual({ admin: USER_ID });
  });
});
