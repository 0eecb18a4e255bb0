/* global URL, Buffer */
// Access tokens for Locust's synthetic users, signed with the load-test issuer's key (ES256),
// as k6 does in _tokens.js: `node mint-tokens.mjs <count> > tokens.json` → [{userId, token}].
// Python's standard library cannot sign ES256, and the venv has no crypto package.
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const jwk = JSON.parse(readFileSync(new URL('./load-test-issuer.private.jwk.json', import.meta.url), 'utf8'));
const key = createPrivateKey({ key: jwk, format: 'jwk' });
const count = Number(process.argv[2] || 100);
const ttlSeconds = Number(process.argv[3] || 7200);
const b64url = (value) => Buffer.from(value).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const header = b64url(JSON.stringify({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' }));
const out = [];
for (let i = 0; i < count; i++) {
  const userId = randomUUID();
  const claims = b64url(
    JSON.stringify({
      sub: userId,
      email: `${userId.slice(0, 8)}@loadtest.example.com`,
      role: 'USER',
      iss: process.env.JWT_ISSUER || 'perflab-auth',
      aud: process.env.JWT_AUDIENCE || 'perflab',
      iat: now,
      exp: now + ttlSeconds,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
  out.push({ userId, token: `${header}.${claims}.${signature.toString('base64url')}` });
}
process.stdout.write(JSON.stringify(out));
