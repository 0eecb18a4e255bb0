import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** The key auth signs access tokens with; `kid` is the RFC 7638 thumbprint of its public half. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
  /** What /.well-known/jwks.json publishes. */
  publicJwk: JWK;
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`AUTH_SIGNING_KEY: unsupported key type ${key.asymmetricKeyType}; use Ed25519 or P-256`);
}

async function fromPrivateKey(privateKey: KeyObject): Promise<SigningKey> {
  const alg = algorithmOf(privateKey);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** A fresh Ed25519 key: small, fast to sign and verify, no parameter choices to get wrong. */
export function generateSigningKey(): Promise<SigningKey> {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

export function signingKeyFromPem(pem: string): Promise<SigningKey> {
  return fromPrivateKey(createPrivateKey(pem));
}

/** Private JWK, the form a generated key is stored in. */
export function exportPrivateJwk(key: SigningKey): JsonWebKey {
  return key.privateKey.export({ format: 'jwk' });
}

export function signingKeyFromPrivateJwk(jwk: JsonWebKey): Promise<SigningKey> {
  return fromPrivateKey(createPrivateKey({ key: jwk, format: 'jwk' }));
}
