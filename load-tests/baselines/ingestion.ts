// Bare baseline for the ingestion suite's hottest endpoint, POST /webhooks/ingest (003):
// node:http, no framework, the same essential work as apps/ingestion — read the raw body,
// verify its Standard Webhooks signature (HMAC-SHA256 with node:crypto, constant-time compare,
// 5-min tolerance), parse it, and run the service's own statement (STORE_WEBHOOK_SQL: the
// webhook row and its outbox row, once per source + webhook-id) before answering 202; a relay
// loop drains the outbox to Kafka with acks=all, as the service's does. No schema validation
// library, no metrics, no Nest: what is left is the floor the service is compared against.
//
// Its tables (the service's migration, applied as is) live in a throwaway schema of its own,
// dropped on exit; its topic is its own.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import '../../libs/messaging/src/client/request-queue-idle-fix'; // as the service (see _bare.ts)
import { STORE_WEBHOOK_SQL } from '../../apps/ingestion/src/shared/webhook-event.sql';

const PORT = Number(process.env.PORT ?? 3104);
const SCHEMA = `bench_baseline_ingestion_${process.pid}`;
const TOPIC = 'bench.baseline.impact.v1';
const PARTITIONS = 12; // the impact contracts' partition count (@perflab/contracts)
const SOURCE = 'loadtest';
const SECRET = process.env.WEBHOOK_SECRET ?? 'whsec_cGVyZmxhYi1sb2NhbC1kZXYtd2ViaG9vay1rZXktMDE=';
const KEY = Buffer.from(SECRET.replace(/^whsec_/, ''), 'base64');
const TOLERANCE_SECONDS = 300;
const BODY_LIMIT = 65_536;
// From the repository root: the bench runs baselines from compiled JavaScript (dist/bench/…), where a
// path relative to this file does not reach prisma/; it starts them with the root as cwd.
const MIGRATIONS = [join(__dirname, '..', '..'), process.cwd()]
  .map((root) => join(root, 'prisma', 'ingestion', 'migrations'))
  .find((dir) => existsSync(dir))!;

const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab',
  max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
  options: `-c search_path=${SCHEMA}`,
});
const kafka = new Kafka({
  clientId: 'bench-baseline',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.ERROR,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });

async function prepare(): Promise<void> {
  await pool.query(`CREATE SCHEMA ${SCHEMA}`);
  for (const dir of readdirSync(MIGRATIONS)
    .filter((d) => /^\d+_/.test(d))
    .sort()) {
    await pool.query(readFileSync(join(MIGRATIONS, dir, 'migration.sql'), 'utf8'));
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  await producer.connect();
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= BODY_LIMIT) chunks.push(c);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function verified(req: IncomingMessage, raw: Buffer): { id: string; timestamp: number } | null {
  const id = header(req, 'webhook-id');
  const ts = header(req, 'webhook-timestamp');
  const signature = header(req, 'webhook-signature');
  if (!id || !ts || !signature || !/^[0-9]{1,12}$/.test(ts)) return null;
  const timestamp = Number(ts);
  if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > TOLERANCE_SECONDS) return null;
  const expected = createHmac('sha256', KEY).update(`${id}.${ts}.`).update(raw).digest();
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',');
    const offered = version === 'v1' && value ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (offered.length === expected.length && timingSafeEqual(offered, expected)) return { id, timestamp };
  }
  return null;
}

interface Body {
  type: string;
  data: { companyId: string } & Record<string, unknown>;
}

async function store(id: string, timestamp: number, raw: Buffer, body: Body) {
  const receivedAt = new Date().toISOString();
  const event = { ...body.data, eventId: id, source: SOURCE, receivedAt };
  const { rows } = await pool.query<{ receivedAt: Date; stored: boolean }>(STORE_WEBHOOK_SQL, [
    SOURCE,
    id,
    body.type,
    body.data.companyId,
    raw.toString('utf8'),
    createHash('sha256').update(raw).digest('base64url'),
    timestamp,
    receivedAt,
    TOPIC,
    body.data.companyId,
    JSON.stringify(event),
  ]);
  if (rows[0]?.stored) relayNow();
  return { id, source: SOURCE, type: body.type, status: 'accepted', receivedAt: rows[0]?.receivedAt ?? receivedAt };
}

// The relay: claim a batch, publish it with acks=all, delete it, commit (as @perflab/messaging's).
let relaying = false;
let again = false;
function relayNow(): void {
  if (relaying) {
    again = true;
    return;
  }
  relaying = true;
  void relay().finally(() => {
    relaying = false;
    if (again) {
      again = false;
      relayNow();
    }
  });
}

async function relay(): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; key: string; payload: unknown }>(
      'SELECT id, key, payload FROM outbox_events ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED',
    );
    if (rows.length > 0) {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: rows.map((r) => ({ key: r.key, value: JSON.stringify(r.payload) })),
      });
      await client.query('DELETE FROM outbox_events WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    }
    await client.query('COMMIT');
  } catch {
    await client.query('ROLLBACK').catch(() => undefined);
  } finally {
    client.release();
  }
}
const poll = setInterval(relayNow, 1_000);

const json = (status: number, body: unknown) =>
  [status, { 'content-type': 'application/json' }, JSON.stringify(body)] as const;

const server = createServer((req, res) => {
  const reply = ([status, headers, body]: readonly [number, Record<string, string>, string]) =>
    res.writeHead(status, headers).end(body);
  if (req.url === '/health') return reply(json(200, { status: 'ok' }));
  if (req.method !== 'POST' || req.url !== '/webhooks/ingest') return reply(json(404, { message: 'not found' }));
  readBody(req)
    .then((raw) => {
      if (raw === null) return json(413, { message: 'too large' });
      const signed = verified(req, raw);
      if (!signed) return json(401, { message: 'bad signature' });
      let body: Partial<Body>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Partial<Body>;
      } catch {
        return json(400, { message: 'invalid JSON' });
      }
      const known = body.type === 'session.completed' || body.type === 'feedback.received';
      if (!known || typeof body.data?.companyId !== 'string') return json(400, { message: 'invalid webhook' });
      return store(signed.id, signed.timestamp, raw, body as Body).then((answer) => json(202, answer));
    })
    .then(reply, () => reply(json(503, { message: 'unavailable' })));
});

async function stop(): Promise<void> {
  clearInterval(poll);
  server.close();
  await producer.disconnect().catch(() => undefined);
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
  await pool.end();
  process.exit(0);
}

prepare().then(
  () => server.listen(PORT, '127.0.0.1'),
  async (err: Error) => {
    process.stderr.write(`baseline: ${err.message}\n`);
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    process.exit(1);
  },
);
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
