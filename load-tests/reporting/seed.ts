/**
 * The reporting suite's data, the same on every run (the bench runs it after recreating the
 * bench database, before it starts auth and reporting, with reporting's service env):
 *   - the deterministic impact history (apps/reporting/src/seed): SEED_EVENTS events across
 *     SEED_COMPANIES Zipf-skewed companies (seed SEED_NUMBER, ending SEED_UNTIL), rollups
 *     built from it in SQL;
 *   - one reader per company in auth (`reader-company-0001@perflab.test` …, role USER, its
 *     `companyId` set, password READER_PASSWORD), plus the end-to-end probe's reader for
 *     `company-e2e`: the k6 users log in as these, so every token carries the one company it
 *     reads, as in production (the ADMIN that reads everything is not what 003's users are).
 *
 *   DATABASE_URL=… SEED_EVENTS=1000000 node -r @swc-node/register load-tests/reporting/seed.ts
 *
 * Times on this 2-core machine: load-tests/reporting/README.md ("Data").
 */
import { Algorithm, hash } from '@node-rs/argon2';
import { Client } from 'pg';
import { companyId } from '../../apps/reporting/src/seed/impact-history';
import { loadHistory } from '../../apps/reporting/src/seed/load-history';

/** The company the end-to-end probe (_e2e.js) writes webhooks for and reads back. */
export const E2E_COMPANY = 'company-e2e';
export const readerEmail = (company: string) => `reader-${company}@perflab.test`;

/** auth's default argon2id cost (ADR 0012): a reader's login costs what a registered user's does. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 7_168, timeCost: 5, parallelism: 1 };

function whole(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0 (got "${raw}")`);
  return value;
}

/** One reader per company (and the probe's), upserted: a re-run resets their company and password. */
export async function seedReaders(url: string, companies: number, password: string): Promise<number> {
  const passwordHash = await hash(password, ARGON2);
  const ids = [...Array.from({ length: companies }, (_, i) => companyId(i)), E2E_COMPANY];
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `INSERT INTO auth.users (id, email, password_hash, name, role, company_id, updated_at)
       SELECT gen_random_uuid(), 'reader-' || c || '@perflab.test', $2, 'Reader of ' || c, 'USER', c, now()
       FROM unnest($1::text[]) AS c
       ON CONFLICT (email) DO UPDATE SET company_id = EXCLUDED.company_id, password_hash = EXCLUDED.password_hash,
         role = 'USER', failed_login_count = 0, locked_until = NULL, updated_at = now()`,
      [ids, passwordHash],
    );
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const options = {
    seed: whole('SEED_NUMBER', 42),
    events: whole('SEED_EVENTS', 1_000_000),
    companies: Math.max(1, whole('SEED_COMPANIES', 300)),
    until: process.env.SEED_UNTIL || '2026-11-30',
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.until)) throw new Error('SEED_UNTIL must be a date, YYYY-MM-DD');
  const [result, readers] = await Promise.all([
    loadHistory(url, options),
    seedReaders(url, options.companies, process.env.READER_PASSWORD || 'LoadTest123!'),
  ]);
  console.log(
    `reporting seed: ${result.events} events across ${options.companies} companies (seed ${options.seed}), ` +
      `inserted in ${(result.insertMs / 1000).toFixed(1)} s, rollups built in ${(result.rollupMs / 1000).toFixed(1)} s; ` +
      `${readers} company readers in auth`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error)?.message ?? error);
    process.exit(1);
  });
}
