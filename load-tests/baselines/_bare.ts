// What both like-for-like baselines share: the cluster (WORKERS, as @perflab/runtime resolves
// it), the pg pool on the service's schema (DATABASE_POOL_SIZE), the outbox relay (the
// drain libs/messaging's OutboxRelay runs) and the JSON answers. Plain node, no framework.
import cluster from 'node:cluster';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { Kafka, Producer, logLevel } from 'kafkajs';
import { Pool, type QueryResult } from 'pg';
// The services' guard against kafkajs re-arming a negative 1 ms timer forever per broker
// connection (CPU, and Node 24's TimeoutNegativeWarning): like for like, the baseline has it too.
import '../../libs/messaging/src/client/request-queue-idle-fix';
// OutboxRelay's own claim text (BEGIN and DELETE … RETURNING in one simple-protocol round trip).
import { claimStatement } from '../../libs/messaging/src/outbox/outbox-claim.sql';
// The services' CPU profile hook: with --cpu-profile on the bench profiles both halves alike.
import { installCpuProfileHook } from '../../libs/runtime/src/profiling/cpu-profile-hook';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Reply = [number, unknown];

export const kafka = new Kafka({
  clientId: 'bench-baseline',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.ERROR,
});

/** 0 or unset = one per core; 1 = a single process (resolveWorkerCount in @perflab/runtime). */
export function workerCount(): number {
  const requested = Number(process.env.WORKERS ?? 0);
  return Number.isFinite(requested) && requested > 0 ? Math.floor(requested) : availableParallelism();
}

/** The service's pool: its schema on the search path, DATABASE_POOL_SIZE (else the service's default) connections per process. */
export function servicePool(schema: string, defaultSize = 10): Pool {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab');
  url.searchParams.delete('schema');
  return new Pool({
    connectionString: url.toString(),
    max: Number(process.env.DATABASE_POOL_SIZE ?? defaultSize),
    options: `-c search_path=${schema}`,
  });
}

/** A per-run topic (the bench gives RUN_ID; the bench deletes the run's topics after it). */
export function baselineTopic(name: string): string {
  return `bench.${process.env.RUN_ID ?? `baseline-${process.pid}`}.baseline-${name}`;
}

export async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

const CLAIM_BATCH = 500; // OutboxRelay's batchSize

type ClaimedRow = { id: string; topic: string; key: string; payload: string };

/**
 * OutboxRelay.drainOnce + nudge: claim (delete) ≤ 500 rows of `topics`, produce them acks=all in id
 * order (one request for all topics, as the relay's per-topic batches of one turn), commit.
 */
export function outboxRelay(pool: Pool, producer: Producer, topics: string[]): () => void {
  let draining = false;
  let again = false;
  const claim = claimStatement(topics, CLAIM_BATCH);
  const drainOnce = async (): Promise<number> => {
    const client = await pool.connect();
    try {
      const [, claimed] = (await client.query(claim)) as unknown as QueryResult<ClaimedRow>[];
      const rows = claimed.rows.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (rows.length) {
        const byTopic = new Map<string, { key: string; value: string }[]>();
        for (const r of rows) {
          const messages = byTopic.get(r.topic) ?? [];
          messages.push({ key: r.key, value: r.payload });
          byTopic.set(r.topic, messages);
        }
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return function nudge(): void {
    if (draining) return void (again = true);
    draining = true;
    void (async () => {
      do {
        again = false;
        // As OutboxRelay.drainAll: a short batch means the outbox is empty (no extra claim + COMMIT).
        while ((await drainOnce().catch(() => 0)) >= CLAIM_BATCH);
      } while (again);
      draining = false;
    })();
  };
}

/** An HTTP server answering JSON from `route`; HttpError → its status, anything else → 503. */
export function jsonServer(route: (req: IncomingMessage, body: string) => Promise<Reply>) {
  const answer = (res: ServerResponse, [status, body]: Reply) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      route(req, body).then(
        (reply) => answer(res, reply),
        (err: Error) =>
          answer(
            res,
            err instanceof HttpError ? [err.status, { message: err.message }] : [503, { message: 'unavailable' }],
          ),
      );
    });
  });
}

export function parseJson(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'invalid JSON');
  }
}

function fail(err: Error): never {
  process.stderr.write(`baseline: ${err.message}\n`);
  process.exit(1);
}

/**
 * The primary prepares once (topics, keys) and forks WORKERS workers with `prepare`'s env; with
 * one worker it serves in this process. Each worker runs `serve`, which resolves its stop().
 */
export function runClustered(
  prepare: () => Promise<Record<string, string>>,
  serve: () => Promise<() => Promise<unknown>>,
): void {
  const workers = workerCount();
  // Every process, the primary too: it runs the suite's background work (notifications' delivery).
  installCpuProfileHook({
    dir: process.env.CPU_PROFILE_DIR,
    intervalUs: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 1000),
    onError: (error) => console.error('cpu profile failed', error),
  });
  const onStop = (stop: () => void) => {
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  };
  if (cluster.isWorker) {
    serve().then((stop) => onStop(() => void stop().finally(() => process.exit(0))), fail);
    return;
  }
  prepare()
    .then(async (env) => {
      if (workers === 1) {
        Object.assign(process.env, env);
        const stop = await serve();
        return onStop(() => void stop().finally(() => process.exit(0)));
      }
      for (let i = 0; i < workers; i++) cluster.fork(env);
      onStop(() => {
        for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
        cluster.on('exit', () => {
          if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
        });
      });
    })
    .catch(fail);
}
