import { ConfigError, loadConfig } from '@perflab/config';
import { describe, expect, it } from 'vitest';
import { tokenVerifierEnv, tokenVerifierOptionsFrom } from './token-verifier.env';

const KEYS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' }] };

describe('tokenVerifierEnv', () => {
  it("defaults to auth's JWKS URL on the local stack", () => {
    const config = loadConfig(tokenVerifierEnv, {});
    expect(config.AUTH_PUBLIC_KEYS).toBeUndefined();
    expect(tokenVerifierOptionsFrom(config)).toEqual({
      jwksUrl: 'http://127.0.0.1:3001/.well-known/jwks.json',
      issuer: 'perflab-auth',
      audience: 'perflab',
    });
  });

  it('uses inline public keys instead of the URL when given', () => {
    const config = loadConfig(tokenVerifierEnv, { AUTH_PUBLIC_KEYS: JSON.stringify(KEYS), JWT_AUDIENCE: 'chat' });
    expect(tokenVerifierOptionsFrom(config)).toEqual({ publicKeys: KEYS, issuer: 'perflab-auth', audience: 'chat' });
  });

  it('treats an empty AUTH_PUBLIC_KEYS as unset', () => {
    expect(loadConfig(tokenVerifierEnv, { AUTH_PUBLIC_KEYS: '' }).AUTH_PUBLIC_KEYS).toBeUndefined();
  });

  it.each(['not json', '{"keys":{}}', '[]'])('refuses %j, naming the variable', (value) => {
    let error: unknown;
    try {
      loadConfig(tokenVerifierEnv, { AUTH_PUBLIC_KEYS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({ variable: 'AUTH_PUBLIC_KEYS', message: expect.stringContaining('JSON Web Key Set') }),
    ]);
  });
});
