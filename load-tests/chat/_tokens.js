/* global open, crypto */
// Access tokens for synthetic users, signed here with the load-test issuer's key (ES256, which
// auth-guard accepts), instead of registering and logging in thousands of users (one argon2id
// hash each). The service under test verifies them exactly as it verifies auth's: signature,
// issuer, audience, expiry. It trusts this key only when started for a load test
// (service.env AUTH_PUBLIC_KEYS). See README, "Tokens for thousands of users".
import encoding from 'k6/encoding';

const PRIVATE_JWK = JSON.parse(open('./load-test-issuer.private.jwk.json'));
const ISSUER = __ENV.JWT_ISSUER || 'perflab-auth';
const AUDIENCE = __ENV.JWT_AUDIENCE || 'perflab';

const b64url = (text) => encoding.b64encode(text, 'rawurl');
const bytes = (text) => new Uint8Array(Array.from(text).map((c) => c.charCodeAt(0)));

let key;

/** A signed access token for `userId`, valid for `ttlSeconds`. Async (WebCrypto). */
export async function accessToken(userId, ttlSeconds = 3600) {
  if (!key) {
    key = await crypto.subtle.importKey(
      'jwk',
      { kty: PRIVATE_JWK.kty, crv: PRIVATE_JWK.crv, x: PRIVATE_JWK.x, y: PRIVATE_JWK.y, d: PRIVATE_JWK.d, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'ES256', kid: PRIVATE_JWK.kid, typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      sub: userId,
      email: `${userId.slice(0, 8)}@loadtest.example.com`,
      role: 'USER',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now,
      exp: now + ttlSeconds,
    }),
  );
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(`${header}.${claims}`));
  return `${header}.${claims}.${encoding.b64encode(signature, 'rawurl')}`;
}
