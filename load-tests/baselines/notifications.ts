// Bare baseline for the notifications suite's hottest endpoint, POST /notifications (002):
// node:http, no framework, the same essential I/O as apps/notifications/src/create-notification —
// one SQL statement that inserts the PENDING row and its "accepted" history row (the service's
// CTE, same columns and indexes), then one Kafka produce with acks=all from an idempotent
// producer, keyed by user, before answering 202. No auth, no validation library, no metrics:
// what is left is the floor the service's throughput and p95 are compared against.
//
// Its table lives in a throwaway schema of its own (dropped on exit), its topic is its own.
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';

const PORT = Number(process.env.PORT ?? 3102);
const SCHEMA = `bench_baseline_notifications_${process.pid}`;
const TOPIC = 'bench.baseline.notification.requested.v1';
const PARTITIONS = 10; // notification.requested.v1's partition count (@perflab/contracts)
const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab',
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const kafka = new Kafka({
  clientId: 'bench-baseline',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.ERROR,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });

const CHANNELS = new Set(['EMAIL', 'SMS', 'PUSH', 'IN_APP']);

async function prepare(): Promise<void> {
  // The service's table and indexes (prisma/notifications/schema.prisma), in a schema of our own.
  await pool.query(`
    CREATE SCHEMA ${SCHEMA};
    CREATE TABLE ${SCHEMA}.notifications (
      id uuid PRIMARY KEY, user_id uuid NOT NULL, type text NOT NULL, channel text NOT NULL, title text NOT NULL,
      body text NOT NULL, data jsonb, status text NOT NULL DEFAULT 'PENDING', scheduled_for timestamptz(3),
      sent_at timestamptz(3), read_at timestamptz(3), correlation_id text, attempts int NOT NULL DEFAULT 0,
      last_error text, created_at timestamptz(3) NOT NULL DEFAULT now(), updated_at timestamptz(3) NOT NULL);
    CREATE INDEX ON ${SCHEMA}.notifications (user_id, created_at DESC);
    CREATE INDEX ON ${SCHEMA}.notifications (user_id, status, created_at DESC);
    CREATE INDEX ON ${SCHEMA}.notifications (status, scheduled_for) WHERE status = 'SCHEDULED';
    CREATE INDEX ON ${SCHEMA}.notifications (correlation_id, created_at) WHERE correlation_id IS NOT NULL;
    CREATE INDEX ON ${SCHEMA}.notifications (updated_at) WHERE status = 'PENDING';
    CREATE INDEX ON ${SCHEMA}.notifications (updated_at) WHERE status = 'PROCESSING';
    CREATE TABLE ${SCHEMA}.notification_events (
      id bigserial PRIMARY KEY, notification_id uuid NOT NULL REFERENCES ${SCHEMA}.notifications(id) ON DELETE CASCADE,
      from_status text, to_status text NOT NULL, detail text, created_at timestamptz(3) NOT NULL DEFAULT now());
    CREATE INDEX ON ${SCHEMA}.notification_events (notification_id);`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  await producer.connect();
}

const INSERT = `
  WITH inserted AS (
    INSERT INTO ${SCHEMA}.notifications (id, user_id, type, channel, title, body, data, status, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', now()) RETURNING id, status
  ), events AS (
    INSERT INTO ${SCHEMA}.notification_events (notification_id, from_status, to_status, detail)
    SELECT id, NULL, status, 'accepted' FROM inserted
  )
  SELECT id::text AS id, status FROM inserted`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

interface Body {
  userId: string;
  type: string;
  channel: string;
  title: string;
  body: string;
  data?: unknown;
}

function valid(b: Partial<Body>): b is Body {
  return (
    typeof b.userId === 'string' &&
    typeof b.type === 'string' &&
    typeof b.title === 'string' &&
    typeof b.body === 'string' &&
    CHANNELS.has(String(b.channel))
  );
}

async function create(b: Body): Promise<{ id: string; status: string }> {
  const id = randomUUID();
  const { rows } = await pool.query<{ id: string; status: string }>(INSERT, [
    id,
    b.userId,
    b.type,
    b.channel,
    b.title,
    b.body,
    b.data === undefined ? null : JSON.stringify(b.data),
  ]);
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: [
      {
        key: b.userId,
        value: JSON.stringify({
          notificationId: id,
          userId: b.userId,
          type: b.type,
          channel: b.channel,
          title: b.title,
          body: b.body,
          data: b.data,
          requestedAt: new Date().toISOString(),
        }),
      },
    ],
  });
  return rows[0];
}

const json = (status: number, body: unknown) =>
  [status, { 'content-type': 'application/json' }, JSON.stringify(body)] as const;

const server = createServer((req, res) => {
  const reply = ([status, headers, body]: readonly [number, Record<string, string>, string]) =>
    res.writeHead(status, headers).end(body);
  if (req.url === '/health') return reply(json(200, { status: 'ok' }));
  if (req.method !== 'POST' || req.url !== '/notifications') return reply(json(404, { message: 'not found' }));
  readBody(req)
    .then((text) => {
      let b: Partial<Body>;
      try {
        b = JSON.parse(text) as Partial<Body>;
      } catch {
        return json(400, { message: 'invalid JSON' });
      }
      if (!valid(b)) return json(400, { message: 'invalid notification' });
      return create(b).then((row) => json(202, row));
    })
    .then(reply, () => reply(json(503, { message: 'unavailable' })));
});

async function stop(): Promise<void> {
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
