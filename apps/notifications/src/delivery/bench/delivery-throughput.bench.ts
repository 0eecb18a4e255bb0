/**
 * Delivery throughput of the Kafka worker, on this machine. Per run: a throwaway migrated
 * database and a unique 10-partition topic; N PENDING rows inserted and their
 * notification.requested messages published while no worker runs; then one service process
 * (WORKERS cluster workers, worker only: no welcome consumer, no cache warming) is started
 * and timed until every row is SENT.
 *
 *   node -r @swc-node/register apps/notifications/src/delivery/bench/delivery-throughput.bench.ts
 *
 * Env: N (5000), RUNS (3), WORKERS (2), SERVICE_ROOT (a checkout whose service is run, default
 * this one: point it at a `git worktree` of an older commit for a before/after), SERVICE_ENV
 * (extra KEY=VALUE,... for the service). The sweeper's PENDING threshold is raised so a slow
 * run is not inflated by republished messages; provider latencies stay at their defaults.
 * Prints one JSON line per run and a summary with the median.
 *
 * Why this is not a `npm run bench` suite: the bench offers HTTP load through k6 and grades the
 * service against targets.json (latency, errors, resources over the load window). This measures
 * something else — how fast the worker drains a backlog already in Kafka, with no HTTP traffic,
 * timed from the database's own timestamps, and whether anything was sent twice — and it builds
 * that backlog with this app's test stack (throwaway database, isolated topic), which tools/bench
 * may not import. Under load, the bench's report shows the worker's side as Kafka lag.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createKafka, declareTopics, EventPublisher } from '@perflab/messaging';
import { createTokenMinter, testEnv } from '@perflab/testing';
import { notificationEventOn } from '../../shared/notification.events';
import { cleanUp, createTestDatabase, isolatedNames } from '../../testing/test-stack';

const N = Number(process.env.N ?? 5_000);
const RUNS = Number(process.env.RUNS ?? 3);
const WORKERS = process.env.WORKERS ?? '2';
const SERVICE_ROOT = resolve(process.env.SERVICE_ROOT ?? resolve(__dirname, '../../../../..'));
const USERS = 1_000;
/** The k6 mix: 40 % email, 30 % push, 20 % in-app, 10 % SMS. */
const CHANNELS = [...Array(4).fill('EMAIL'), ...Array(3).fill('PUSH'), ...Array(2).fill('IN_APP'), 'SMS'] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function extraEnv(): Record<string, string> {
  const pairs = (process.env.SERVICE_ENV ?? '').split(',').filter(Boolean);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

async function seed(databaseUrl: string, topic: string): Promise<void> {
  const users = Array.from({ length: USERS }, () => randomUUID());
  const rows = Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    user_id: users[i % USERS],
    type: 'bench',
    channel: CHANNELS[i % CHANNELS.length],
    title: `bench ${i}`,
    body: 'delivery throughput',
  }));
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO notifications.notifications (id, user_id, type, channel, title, body, status, updated_at)
       SELECT id, user_id, type, channel, title, body, 'PENDING', now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, user_id uuid, type text,
         channel notifications."NotificationChannel", title text, body text)`,
      [JSON.stringify(rows)],
    );
  } finally {
    await pg.end();
  }
  const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'delivery-bench', logLevel: 'nothing' });
  const event = notificationEventOn(topic);
  try {
    await declareTopics(kafka, [event]);
    const publisher = new EventPublisher(kafka);
    const requestedAt = new Date().toISOString();
    for (let start = 0; start < N; start += 500) {
      await publisher.publishBatch(
        event,
        rows.slice(start, start + 500).map((r) => ({
          key: r.user_id,
          value: {
            notificationId: r.id,
            userId: r.user_id,
            type: r.type,
            channel: r.channel,
            title: r.title,
            body: r.body,
            requestedAt,
          },
        })),
      );
    }
    await publisher.disconnect();
  } finally {
    await kafka.disconnect();
  }
}

async function counts(pg: Client): Promise<{ sent: number; firstClaim?: Date; lastSent?: Date; sentTwice: number }> {
  const { rows } = await pg.query<{ sent: number; first_claim: Date | null; last_sent: Date | null }>(
    `SELECT (SELECT count(*)::int FROM notifications.notifications WHERE status = 'SENT') AS sent,
            (SELECT min(created_at) FROM notifications.notification_events WHERE to_status = 'PROCESSING') AS first_claim,
            (SELECT max(sent_at) FROM notifications.notifications) AS last_sent`,
  );
  const twice = await pg.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT notification_id FROM notifications.notification_events
     WHERE to_status = 'SENT' GROUP BY notification_id HAVING count(*) > 1) d`,
  );
  return {
    sent: rows[0].sent,
    firstClaim: rows[0].first_claim ?? undefined,
    lastSent: rows[0].last_sent ?? undefined,
    sentTwice: twice.rows[0].n,
  };
}

async function oneRun(run: number): Promise<{ rate: number; wallRate: number; deliverySeconds: number }> {
  const names = isolatedNames('bench');
  const database = await createTestDatabase();
  const minter = await createTokenMinter();
  try {
    await seed(database.url, names.notificationsTopic);
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WORKERS,
      PORT: String(39_000 + run),
      DATABASE_URL: database.url,
      REDIS_URL: testEnv.redisUrl,
      KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
      NOTIFICATIONS_TOPIC: names.notificationsTopic,
      USER_REGISTERED_TOPIC: names.userRegisteredTopic,
      NOTIFICATIONS_GROUP: names.group,
      WELCOME_GROUP: names.welcomeGroup,
      WELCOME_ENABLED: 'false',
      CACHE_WARMING_ENABLED: 'false',
      REDIS_KEY_PREFIX: names.redisPrefix,
      AUTH_PUBLIC_KEYS: minter.publicKeysJson,
      SWEEP_PENDING_AFTER_SECONDS: '3600',
      OTEL_ENABLED: 'false',
      ...extraEnv(),
    };
    const started = Date.now();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/notifications/src/main.ts'], {
      cwd: SERVICE_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`service exited: ${stderr}`);
        const c = await counts(pg);
        if (c.sent >= N) {
          const wallSeconds = (Date.now() - started) / 1_000;
          const seconds = (c.lastSent!.getTime() - c.firstClaim!.getTime()) / 1_000;
          const result = {
            run,
            n: N,
            workers: Number(WORKERS),
            deliverySeconds: seconds,
            rate: Math.round(N / seconds),
            wallSeconds,
            wallRate: Math.round(N / wallSeconds),
            sentTwice: c.sentTwice,
          };
          console.log(JSON.stringify(result));
          if (c.sentTwice > 0) throw new Error(`${c.sentTwice} notifications were SENT twice`);
          return result;
        }
        if (Date.now() - started > 20 * 60_000) throw new Error(`timed out with ${c.sent}/${N} SENT`);
        await sleep(250);
      }
    } finally {
      await pg.end();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    }
  } finally {
    await cleanUp(names);
    await database.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const results = [];
  const first = Number(process.env.RUN ?? 1); // run-bench.sh runs one at a time and numbers them
  for (let run = first; run < first + RUNS; run++) results.push(await oneRun(run));
  console.log(
    JSON.stringify({
      summary: true,
      serviceRoot: SERVICE_ROOT,
      n: N,
      runs: RUNS,
      medianRate: median(results.map((r) => r.rate)),
      medianWallRate: median(results.map((r) => r.wallRate)),
      rates: results.map((r) => r.rate),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
