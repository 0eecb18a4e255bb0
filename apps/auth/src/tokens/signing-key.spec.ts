import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokenIssuer } from './access-token.issuer';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import { exportPrivateJwk, generateSigningKey, signingKeyFromPem, signingKeyFromPrivateJwk } from './signing-key';

describe('signing keys and access tokens', () => {
  it('round-trips a generated key through its stored JWK with the same kid', async () => {
    const key = await generateSigningKey();
    expect(key.alg).toBe('EdDSA');
    const restored = await signingKeyFromPrivateJwk(exportPrivateJwk(key));
    expect(restored.kid).toBe(key.kid);
    expect(restored.publicJwk).toEqual(key.publicJwk);
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('accepts an ES256 PEM and refuses RSA', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect((await signingKeyFromPem(ec.toString())).alg).toBe('ES256');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    await expect(signingKeyFromPem(rsa.toString())).rejects.toThrow(/unsupported key type rsa/);
  });

  it('issues a token with kid and the agreed claims', async () => {
    const key = await generateSigningKey();
    const issuer = new AccessTokenIssuer(key, { issuer: 'iss', audience: 'aud', ttlSeconds: 900 });
    const token = await issuer.issue({ id: 'u1', email: 'e@example.com', role: 'USER' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      issuer: 'iss',
      audience: 'aud',
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'u1', email: 'e@example.com', role: 'USER', iss: 'iss', aud: 'aud' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
  });

  it("adds a companyId claim only for a user with a company (reporting's access rule)", async () => {
    const key = await generateSigningKey();
    const issuer = new AccessTokenIssuer(key, { issuer: 'iss', audience: 'aud', ttlSeconds: 900 });
    const keys = createLocalJWKSet({ keys: [key.publicJwk] });
    const claimsOf = async (token: string) =>
      (await jwtVerify(token, keys, { issuer: 'iss', audience: 'aud' })).payload;
    const member = await issuer.issue({ id: 'u1', email: 'e@example.com', role: 'USER', companyId: 'acme' });
    expect(await claimsOf(member)).toMatchObject({ companyId: 'acme' });
    const loner = await issuer.issue({ id: 'u2', email: 'f@example.com', role: 'USER' });
    expect(await claimsOf(loner)).not.toHaveProperty('companyId');
  });

  it('makes opaque tokens unguessable and stores only their digest', () => {
    const token = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newOpaqueToken()).not.toBe(token);
    expect(hashOpaqueToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOpaqueToken(token)).toBe(hashOpaqueToken(token));
  });
});
