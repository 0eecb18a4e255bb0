// Bare baseline for the ingestion suite's hottest endpoint, POST /webhooks/ingest (003):
// node:http, no framework, the same essential work as apps/ingestion — read the raw body,
// verify its Standard Webhooks signature (HMAC-SHA256 with node:crypto, constant-time compare,
// 5-min tolerance), parse it, and run the service's own statements (the webhook row and its outbox
// row, once per source + webhook-id; named, as the service's plain SQL names them): with
// INGEST_BATCH_MAX > 0, as the service's default, the webhooks of one event-loop turn share one
// STORE_WEBHOOKS_SQL (the service's MicroBatcher), else one STORE_WEBHOOK_SQL each;
// then it answers 202; the relay (_bare.ts, as @perflab/messaging's) drains the outbox to the
// service's two topics with acks=all. The same worker count (WORKERS, node:cluster) and pool size
// (DATABASE_POOL_SIZE, the service's default 20), on the bench database the bench migrates for the
// service, with the service's env files (its per-run topics), under the suite's own scripts: it
// answers the accepted → published probe's status request too (WEBHOOK_STATUS_SQL). No schema
// validation library, no metrics, no Nest: what is left is the floor the service is compared against.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import {
  STORE_WEBHOOKS_SQL,
  STORE_WEBHOOK_SQL,
  WEBHOOK_STATUS_SQL,
} from '../../apps/ingestion/src/shared/webhook-event.sql';
import { MicroBatcher } from '../../libs/async/src/micro-batcher';
import { createTopic, kafka, outboxRelay, runClustered, servicePool } from './_bare';

const PORT = Number(process.env.PORT ?? 3104);
const PARTITIONS = 12; // the impact contracts' partition count (@perflab/contracts)
const SOURCE = 'loadtest';
const SECRET = process.env.WEBHOOK_SECRET ?? 'whsec_cGVyZmxhYi1sb2NhbC1kZXYtd2ViaG9vay1rZXktMDE=';
const KEY = Buffer.from(SECRET.replace(/^whsec_/, ''), 'base64');
const TOLERANCE_SECONDS = 300;
const BODY_LIMIT = 65_536;
const BATCH_MAX = Number(process.env.INGEST_BATCH_MAX ?? 100); // the service's default
const topicOf = {
  'session.completed': process.env.SESSION_COMPLETED_TOPIC ?? 'impact.session-completed.v1',
  'feedback.received': process.env.FEEDBACK_RECEIVED_TOPIC ?? 'impact.feedback-received.v1',
} as const;
type EventType = keyof typeof topicOf;

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
  type: EventType;
  data: { companyId: string } & Record<string, unknown>;
}

const json = (status: number, body: unknown) =>
  [status, { 'content-type': 'application/json' }, JSON.stringify(body)] as const;

async function serve(): Promise<() => Promise<unknown>> {
  const pool = servicePool('ingestion', 20);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  const nudge = outboxRelay(pool, producer, Object.values(topicOf));
  // The relay's poll (OUTBOX_POLL_INTERVAL_MS's default): what a nudge missed goes out within a second.
  const poll = setInterval(nudge, 1_000);

  type Row = { receivedAt: Date; stored: boolean };

  // One webhook, one statement (INGEST_BATCH_MAX=0).
  const storeOne = async (values: unknown[]) =>
    (await pool.query<Row>({ name: 'store', text: STORE_WEBHOOK_SQL, values })).rows[0];

  // The webhooks of one turn, one statement: the service's MicroBatcher and storeMany (first of a repeated id wins).
  const storeMany = async (batch: unknown[][]): Promise<(Row | undefined)[]> => {
    const first = new Map<string, number>();
    batch.forEach((v, i) => first.has(String(v[1])) || first.set(String(v[1]), i));
    const rows = [...first.values()].map((i) => {
      const v = batch[i];
      return {
        ord: i,
        source: v[0],
        webhook_id: v[1],
        type: v[2],
        company_id: v[3],
        payload: v[4],
        payload_hash: v[5],
        sent_at: v[6],
        received_at: v[7],
        topic: v[8],
        key: v[9],
        event: v[10],
      };
    });
    const { rows: found } = await pool.query<Row & { webhookId: string }>({
      name: 'store_many',
      text: STORE_WEBHOOKS_SQL,
      values: [JSON.stringify(rows)],
    });
    const byId = new Map(found.map((row) => [row.webhookId, row]));
    return batch.map((v, i) => {
      const row = byId.get(String(v[1]));
      return row && { ...row, stored: row.stored && first.get(String(v[1])) === i };
    });
  };
  const batcher = new MicroBatcher(storeMany, { maxBatch: Math.max(1, BATCH_MAX) });

  async function store(id: string, timestamp: number, raw: Buffer, body: Body) {
    const receivedAt = new Date().toISOString();
    const event = { ...body.data, eventId: id, source: SOURCE, receivedAt };
    const values = [
      SOURCE,
      id,
      body.type,
      body.data.companyId,
      raw.toString('utf8'),
      createHash('sha256').update(raw).digest('base64url'),
      timestamp,
      receivedAt,
      topicOf[body.type],
      body.data.companyId,
      JSON.stringify(event),
    ];
    const row = await (BATCH_MAX > 0 ? batcher.run(values) : storeOne(values));
    if (row?.stored) nudge();
    return { id, source: SOURCE, type: body.type, status: 'accepted', receivedAt: row?.receivedAt ?? receivedAt };
  }

  const server = createServer((req, res) => {
    const reply = ([status, headers, body]: readonly [number, Record<string, string>, string]) =>
      res.writeHead(status, headers).end(body);
    if (req.url === '/health') return reply(json(200, { status: 'ok' }));
    const asked = req.method === 'GET' ? /^\/webhooks\/ingest\/([^/?]+)$/.exec(req.url ?? '') : null;
    if (asked) {
      // The status of a delivery (the suite's accepted → published probe), signed over an empty body.
      const signed = verified(req, Buffer.alloc(0));
      if (!signed) return reply(json(401, { message: 'bad signature' }));
      if (signed.id !== decodeURIComponent(asked[1])) return reply(json(400, { message: 'webhook-id mismatch' }));
      pool
        .query<{ type: string; receivedAt: Date; published: boolean }>({
          name: 'status',
          text: WEBHOOK_STATUS_SQL,
          values: [SOURCE, signed.id],
        })
        .then(
          ({ rows: [row] }) =>
            row
              ? json(200, { id: signed.id, source: SOURCE, ...row, receivedAt: row.receivedAt.toISOString() })
              : json(404, { message: 'not found' }),
          () => json(503, { message: 'unavailable' }),
        )
        .then(reply);
      return;
    }
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

  await producer.connect();
  server.listen(PORT, '127.0.0.1');
  return () => {
    clearInterval(poll);
    server.close();
    return Promise.allSettled([producer.disconnect(), pool.end()]);
  };
}

runClustered(async () => {
  await Promise.all(Object.values(topicOf).map((topic) => createTopic(topic, PARTITIONS)));
  return {};
}, serve);
