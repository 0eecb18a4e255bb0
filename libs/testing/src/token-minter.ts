import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** What the services accept by default (their JWT_ISSUER and JWT_AUDIENCE): auth's tokens. */
const ISSUER = 'perflab-auth';
const AUDIENCE = 'perflab';
const KEY_ID = 'test-key';

export interface MintedClaims {
  role?: 'USER' | 'ADMIN';
  /** The company a user belongs to (reporting scopes reports by it); none by default. */
  companyId?: string;
}

export interface TokenMinter {
  /** The JWKS a service under test gets as AUTH_PUBLIC_KEYS. */
  publicKeysJson: string;
  /** An access token as auth issues it, for `subject` (a user id). */
  token(subject: string, claims?: MintedClaims, expiresIn?: string): Promise<string>;
}

/** A key pair standing in for auth's: tokens minted here verify against AUTH_PUBLIC_KEYS. */
export async function createTokenMinter(): Promise<TokenMinter> {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KEY_ID, alg: 'EdDSA', use: 'sig' }] };
  const key: CryptoKey = pair.privateKey;
  return {
    publicKeysJson: JSON.stringify(jwks),
    token: (subject, { role = 'USER', companyId } = {}, expiresIn = '10m') =>
      new SignJWT({
        email: `${role.toLowerCase()}-${subject.slice(0, 8)}@example.com`,
        role,
        ...(companyId ? { companyId } : {}),
      })
        .setProtectedHeader({ alg: 'EdDSA', kid: KEY_ID })
        .setSubject(subject)
        .setIssuedAt()
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(expiresIn)
        .sign(key),
  };
}
