import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusClient } from '../prometheus-client';
import { collectPrometheus } from '../collectors/prometheus';
import { collectRealtimeServer } from '../collectors/realtime-prometheus';
import { snapshotPostgres } from '../collectors/postgres';
import { readRedisInfo, redisDelta } from '../collectors/redis';
import { kafkaLag } from '../collectors/kafka';
import { loadWindows, ScriptSpan } from '../load-window';
import { StackEnv } from '../stack';
import { SuiteDef } from '../suites';
import { RunData } from '../report/model';
import { LoadStartSnapshots } from './snapshots';

/** Prometheus scrapes every 5 s: one more interval puts the run's last seconds in it. */
const SCRAPE_INTERVAL_MS = 6000;

export type Measurements = Pick<RunData, 'prometheus' | 'postgres' | 'redis' | 'kafka' | 'realtimeServer'>;

/** After the scripts: the resource measurements of the load windows, and their raw files. */
export async function collectAfter(opts: {
  suite: SuiteDef;
  env: StackEnv;
  spans: ScriptSpan[];
  warmupSeconds: number;
  snapshots: LoadStartSnapshots;
  dir: string;
}): Promise<Measurements> {
  const { env, suite, snapshots } = opts;
  await new Promise((r) => setTimeout(r, SCRAPE_INTERVAL_MS));
  const before = await snapshots.taken();
  const windows = loadWindows(opts.spans, opts.warmupSeconds);
  const prom = new PrometheusClient(env.PROMETHEUS_URL);
  const prometheus = await collectPrometheus(prom, suite.job, windows);
  // Whole k6 runs, not the load windows: connections are opened before the first tagged sample.
  const k6Runs = opts.spans.map((span) => ({ start: span.k6Start, end: span.k6End }));
  const realtimeServer = await collectRealtimeServer(prom, suite.job, k6Runs);
  if (suite.kind === 'baseline') prometheus.notMeasured ??= 'bare baseline servers are not scraped by Prometheus';
  const [pgAfter, redisAfter, kafka] = await Promise.all([
    snapshotPostgres(env.DATABASE_URL, 100, snapshots.statementsReset),
    readRedisInfo(env.REDIS_URL),
    kafkaLag(env.KAFKA_BROKERS.split(','), (g) => !/test|vitest|int-spec/i.test(g)),
  ]);
  const m: Measurements = {
    prometheus,
    postgres: { before: before.pg, after: pgAfter },
    redis: redisDelta(before.redis, redisAfter),
    kafka,
    ...(realtimeServer ? { realtimeServer } : {}),
  };
  const write = (file: string, data: unknown) => writeFileSync(join(opts.dir, file), JSON.stringify(data, null, 1));
  write('prometheus.json', m.prometheus);
  write('postgres.json', m.postgres);
  write('redis.json', { before: before.redis, after: redisAfter, delta: m.redis });
  write('kafka.json', m.kafka);
  return m;
}
