import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@perflab/config';
import { loadAuthConfig } from './auth.config';

const pemOf = (type: 'ed25519' | 'rsa') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 1024 })
    : generateKeyPairSync('ed25519')
  ).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadAuthConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('AUTH_SIGNING_KEY', () => {
  it('is optional (the service then shares a generated key through its database)', () => {
    expect(loadAuthConfig({}).AUTH_SIGNING_KEY).toBeUndefined();
  });

  it('accepts an Ed25519 PKCS#8 key, also written on one line with \\n escapes', () => {
    const pem = pemOf('ed25519');
    expect(loadAuthConfig({ AUTH_SIGNING_KEY: pem.replace(/\n/g, '\\n') }).AUTH_SIGNING_KEY).toBe(pem);
  });

  it('refuses a key the issuer cannot sign with, and a truncated key, without printing it', () => {
    const rsa = pemOf('rsa');
    expect(problem({ AUTH_SIGNING_KEY: rsa })).toMatch(/AUTH_SIGNING_KEY: must be a PKCS#8 PEM private key/);
    const truncated = pemOf('ed25519').slice(0, 60);
    const message = problem({ AUTH_SIGNING_KEY: truncated });
    expect(message).toContain('AUTH_SIGNING_KEY');
    expect(message).not.toContain(truncated.slice(30));
  });
});
