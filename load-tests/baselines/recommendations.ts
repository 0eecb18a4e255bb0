// Bare baseline for the recommendations suite (000), both endpoints: node:http, no framework,
// the same essential I/O as apps/recommendations —
//   POST /api/user-behavior: one INSERT of the behaviour's message into an outbox table (the
//     service's table, in a schema of its own), then 202 — the durable step the service answers after;
//   GET /api/recommendations/:userId: the service's own RECOMMEND Lua script (imported, not
//     copied), one EVALSHA against a model under a prefix of its own, built at start by replaying
//     the suite's seed history (load-tests/recommendations/seed.ts) through the service's
//     APPLY_BEHAVIOR script.
// No validation library, no catalogue check, no metrics, no micro-batching: the floor the
// service's throughput and latency are compared against. Schema and Redis keys are dropped on exit.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { APPLY_BEHAVIOR, RECOMMEND } from '../../apps/recommendations/src/shared/reco.scripts';
import { installCpuProfileHook } from '../../libs/runtime/src/profiling/cpu-profile-hook';
import { CATEGORIES, history, PRODUCTS } from '../recommendations/seed';

const PORT = Number(process.env.PORT ?? 3100);
const SCHEMA = `bench_baseline_recommendations_${process.pid}`;
const PREFIX = `bench-baseline-reco-${process.pid}`;
const HALF_LIFE_MS = 24 * 3_600_000;
const WEIGHTS: Record<string, number> = { view: 1, add_to_cart: 3, purchase: 5 };
const ACTIONS = new Set(Object.keys(WEIGHTS));
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab',
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const sha = (body: string) => createHash('sha1').update(body).digest('hex');
const RECOMMEND_SHA = sha(RECOMMEND);

async function prepare(): Promise<void> {
  await pool.query(`
    CREATE SCHEMA ${SCHEMA};
    CREATE TABLE ${SCHEMA}.outbox_events (
      id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, payload jsonb NOT NULL, headers jsonb,
      created_at timestamptz(3) NOT NULL DEFAULT now());`);
  await redis.script('LOAD', RECOMMEND);
  const apply = await redis.script('LOAD', APPLY_BEHAVIOR);
  const products: Record<string, string> = {};
  for (let i = 1; i <= PRODUCTS; i++) {
    const id = `P${String(i).padStart(4, '0')}`;
    products[id] = JSON.stringify({
      id,
      name: `Product ${i}`,
      category: `category-${(i - 1) % CATEGORIES}`,
      priceCents: 199,
    });
  }
  await redis.hset(`${PREFIX}:products`, products);
  // The seed's history, one user after another (order within a user matters), 64 users at once.
  const byUser = new Map<string, ReturnType<typeof history>>();
  for (const row of history(Date.now())) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  const users = [...byUser.values()];
  for (let i = 0; i < users.length; i += 64) {
    await Promise.all(
      users.slice(i, i + 64).map(async (rows) => {
        for (const r of rows)
          await redis.evalsha(
            apply as string,
            5,
            `${PREFIX}:seen:${r.id}`,
            `${PREFIX}:u:${r.user_id}:recent`,
            `${PREFIX}:u:${r.user_id}:bought`,
            `${PREFIX}:pop`,
            `${PREFIX}:pop:epoch`,
            r.product_id,
            WEIGHTS[r.action],
            Date.parse(r.at),
            `${PREFIX}:co:`,
            20,
            HALF_LIFE_MS,
            3600,
            200,
            r.action === 'purchase' ? '1' : '0',
            5,
          );
      }),
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

async function record(text: string): Promise<readonly [number, unknown]> {
  let b: { userId?: unknown; productId?: unknown; action?: unknown };
  try {
    b = JSON.parse(text) as typeof b;
  } catch {
    return [400, { message: 'invalid JSON' }];
  }
  if (typeof b.userId !== 'string' || !ID.test(b.userId) || typeof b.productId !== 'string' || !ID.test(b.productId))
    return [400, { message: 'invalid ids' }];
  if (!ACTIONS.has(String(b.action))) return [400, { message: 'invalid action' }];
  const eventId = randomUUID();
  const payload = { eventId, userId: b.userId, productId: b.productId, action: b.action, at: new Date().toISOString() };
  await pool.query(`INSERT INTO ${SCHEMA}.outbox_events (topic, key, payload) VALUES ($1, $2, $3)`, [
    'user.behavior.v1',
    b.userId,
    JSON.stringify(payload),
  ]);
  return [202, { eventId }];
}

async function recommend(userId: string, limit: number): Promise<readonly [number, unknown]> {
  const [ids, scores, reasons, products] = (await redis.evalsha(
    RECOMMEND_SHA,
    5,
    `${PREFIX}:u:${userId}:recent`,
    `${PREFIX}:u:${userId}:bought`,
    `${PREFIX}:pop`,
    `${PREFIX}:pop:epoch`,
    `${PREFIX}:products`,
    `${PREFIX}:co:`,
    limit,
    10,
    50,
    Date.now(),
    HALF_LIFE_MS,
  )) as [string[], string[], string[], (string | null)[]];
  const items = ids.map((id, i) => ({
    ...(products[i] ? (JSON.parse(products[i]) as object) : {}),
    id,
    score: Number(scores[i]),
    reason: reasons[i],
  }));
  return [200, { userId, source: 'baseline', items }];
}

const RECOMMENDATIONS = /^\/api\/recommendations\/([^/?]+)(?:\?limit=(\d+))?$/;

const server = createServer((req, res) => {
  const reply = ([status, body]: readonly [number, unknown]) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const url = req.url ?? '';
  if (url === '/health') return reply([200, { status: 'ok' }]);
  const get = req.method === 'GET' ? RECOMMENDATIONS.exec(url) : null;
  const work =
    req.method === 'POST' && url === '/api/user-behavior'
      ? readBody(req).then(record)
      : get && ID.test(get[1])
        ? recommend(get[1], Math.min(50, Math.max(1, Number(get[2] ?? 10))))
        : Promise.resolve([404, { message: 'not found' }] as const);
  work.then(reply, () => reply([503, { message: 'unavailable' }]));
});

async function cleanUp(): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

async function stop(): Promise<void> {
  server.close();
  await cleanUp().catch(() => undefined);
  await pool.end();
  redis.disconnect();
  process.exit(0);
}

// The services' CPU profile hook: with --cpu-profile on the bench profiles both halves alike.
installCpuProfileHook({
  dir: process.env.CPU_PROFILE_DIR,
  intervalUs: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 1000),
  onError: (error) => console.error('cpu profile failed', error),
});
prepare().then(
  () => server.listen(PORT, '127.0.0.1'),
  async (err: Error) => {
    process.stderr.write(`baseline: ${err.message}\n`);
    await cleanUp().catch(() => undefined);
    process.exit(1);
  },
);
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
