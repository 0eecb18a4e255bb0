/**
 * The recommendations suite's data, the same on every run (the bench runs it after recreating
 * the bench database, before it starts the service):
 *   - PRODUCTS products P0001… in CATEGORIES categories;
 *   - USERS shoppers u0001… (the k6 and Locust scripts use the same ids), each with one or two
 *     favourite categories and a few sessions over the last 14 days: views mostly in their
 *     categories, some add-to-carts, fewer purchases — so co-occurrence sets are realistic
 *     (dense within a category, sparse across);
 *   - Redis: every key under REDIS_KEY_PREFIX deleted, so the service, which finds no built
 *     model, rebuilds it from this history before it reports ready.
 * Deterministic: a seeded PRNG; times are offsets from the moment the seed runs.
 *
 *   DATABASE_URL=… REDIS_URL=… REDIS_KEY_PREFIX=… node -r @swc-node/register load-tests/recommendations/seed.ts
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

export const PRODUCTS = 1_000;
export const CATEGORIES = 20;
export const USERS = 2_000;
const DAY_MS = 86_400_000;

/** mulberry32: small, fast, the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const productId = (i: number) => `P${pad(i, 4)}`;
export const userId = (i: number) => `u${pad(i, 4)}`;

interface Row {
  id: string;
  user_id: string;
  product_id: string;
  action: 'view' | 'add_to_cart' | 'purchase';
  at: string;
}

export function history(now: number): Row[] {
  const random = prng(42);
  const pick = (n: number) => Math.floor(random() * n);
  // Products of a category: i ≡ c (mod CATEGORIES); within one, low ids are the bestsellers.
  const inCategory = (c: number) => {
    const rank = Math.floor(Math.pow(random(), 2) * (PRODUCTS / CATEGORIES));
    return productId(rank * CATEGORIES + c + 1);
  };
  const rows: Row[] = [];
  for (let u = 1; u <= USERS; u++) {
    const favourites = [pick(CATEGORIES), pick(CATEGORIES)];
    const sessions = 1 + pick(8);
    for (let s = 0; s < sessions; s++) {
      let at = now - Math.floor(random() * 14 * DAY_MS);
      const length = 3 + pick(10);
      for (let e = 0; e < length; e++) {
        const category = random() < 0.85 ? favourites[pick(2)] : pick(CATEGORIES);
        const product = inCategory(category);
        const roll = random();
        const action = roll < 0.8 ? 'view' : roll < 0.95 ? 'add_to_cart' : 'purchase';
        at += 5_000 + pick(120_000);
        // The event ids are random: they only need to be unique (the model deduplicates on them).
        rows.push({
          id: randomUUID(),
          user_id: userId(u),
          product_id: product,
          action,
          at: new Date(at).toISOString(),
        });
      }
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const prefix = process.env.REDIS_KEY_PREFIX ?? 'reco';
  const started = Date.now();
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const rows = history(started);
  try {
    await pg.query('BEGIN');
    await pg.query('TRUNCATE recommendations.products, recommendations.behavior_events, recommendations.outbox_events');
    await pg.query(
      `INSERT INTO recommendations.products (id, name, category, price_cents)
       SELECT 'P' || lpad(i::text, 4, '0'), 'Product ' || i, 'category-' || lpad(((i - 1) % $2)::text, 2, '0'),
              199 + (i * 7919) % 20000
         FROM generate_series(1, $1) i`,
      [PRODUCTS, CATEGORIES],
    );
    for (let i = 0; i < rows.length; i += 5_000) {
      await pg.query(
        `INSERT INTO recommendations.behavior_events (id, user_id, product_id, action, at)
         SELECT id, user_id, product_id, action, at FROM jsonb_to_recordset($1::jsonb)
           AS x(id uuid, user_id text, product_id text, action recommendations."BehaviorAction", at timestamptz)`,
        [JSON.stringify(rows.slice(i, i + 5_000))],
      );
    }
    await pg.query('COMMIT');
  } finally {
    await pg.end();
  }
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  console.log(
    `recommendations seed: ${PRODUCTS} products in ${CATEGORIES} categories, ${USERS} users, ` +
      `${rows.length} behaviours; ${deleted} Redis key(s) under ${prefix}: deleted; ${Date.now() - started} ms`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error)?.message ?? error);
    process.exit(1);
  });
}
