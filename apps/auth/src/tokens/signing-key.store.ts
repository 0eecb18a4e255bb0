import type { JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { Pool } from 'pg';
import {
  exportPrivateJwk,
  generateSigningKey,
  signingKeyFromPem,
  signingKeyFromPrivateJwk,
  type SigningKey,
} from './signing-key';

/** The key tokens are signed with now, and every public key a valid token may name. */
export interface SigningKeys {
  current: SigningKey;
  published: JWK[];
}

/**
 * With AUTH_SIGNING_KEY set, that key is used as-is. Without it, the first process to start
 * generates a key and stores it in auth.signing_keys; a partial unique index allows one
 * active key, so concurrent starts (cluster workers, instances) race to insert, one wins,
 * and all read back the same key. Tokens therefore verify across workers and restarts.
 */
export async function loadSigningKeys(pool: Pool, pem: string | undefined): Promise<SigningKeys> {
  if (pem) {
    const current = await signingKeyFromPem(pem);
    return { current, published: [current.publicJwk] };
  }
  const candidate = await generateSigningKey();
  await pool.query(
    `INSERT INTO signing_keys (kid, algorithm, private_jwk, public_jwk, active)
     VALUES ($1, $2, $3, $4, true) ON CONFLICT DO NOTHING`,
    [candidate.kid, candidate.alg, JSON.stringify(exportPrivateJwk(candidate)), JSON.stringify(candidate.publicJwk)],
  );
  const active = await pool.query<{ private_jwk: JsonWebKey }>(`SELECT private_jwk FROM signing_keys WHERE active`);
  if (active.rowCount !== 1) throw new Error('auth.signing_keys has no active key after insert');
  const current = await signingKeyFromPrivateJwk(active.rows[0].private_jwk);
  // Retired keys stay published until tokens they signed have expired.
  const published = await pool.query<{ public_jwk: JWK }>(
    `SELECT public_jwk FROM signing_keys WHERE active OR retired_at > now() - interval '1 day' ORDER BY created_at DESC`,
  );
  return { current, published: published.rows.map((row) => row.public_jwk) };
}
