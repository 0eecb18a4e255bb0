import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@perflab/testing';
import { createKafka, declareTopics, deleteTopics, EventPublisher } from '../index';
import { testEvent } from '../test-support/test-event';

const ROOT = resolve(__dirname, '../../../..');
const FIXTURE = 'libs/messaging/src/test-support/idempotent-consumer.fixture.ts';
const COUNT = 300;

const MODES = [
  { mode: 'one message at a time', env: {} },
  // Slower messages, so the kill still lands mid-stream with 20 in flight.
  { mode: 'batch mode', env: { BATCH_CONCURRENCY: '20', DELAY_MS: '30' } },
];

describe.each(MODES)('a consumer killed mid-stream ($mode)', ({ env: modeEnv }) => {
  const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'crash-int', logLevel: 'nothing' });
  const event = testEvent('crash', 3);
  const groupId = uniqueName('crash');
  const schema = uniqueName('msg');
  const db = new Client({ connectionString: testEnv.databaseUrl });
  const children: ChildProcess[] = [];

  /** A consumer in its own process (swc-node compiles the TypeScript, tsconfig.json maps @perflab/*). */
  function startConsumer(): Promise<ChildProcess> {
    const child = fork(FIXTURE, [], {
      cwd: ROOT,
      execArgv: ['-r', '@swc-node/register'],
      env: {
        ...process.env,
        TOPIC: event.topic,
        GROUP: groupId,
        SCHEMA: schema,
        DATABASE_URL: testEnv.databaseUrl,
        KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
        ...modeEnv,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((ready, fail) => {
      child.once('message', () => ready(child));
      child.once('exit', (code) => fail(new Error(`consumer exited early with ${code}`)));
    });
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', done)));

  async function count(table: 'handled' | 'deliveries'): Promise<number> {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}`);
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(
      `CREATE TABLE ${schema}.handled (event_id text PRIMARY KEY, handled_at timestamptz NOT NULL DEFAULT now())`,
    );
    await db.query(`CREATE TABLE ${schema}.deliveries (event_id text NOT NULL, pid int NOT NULL)`);
    await declareTopics(kafka, [event]);
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    const admin = await kafka.admin();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]);
    await kafka.disconnect();
  });

  it('loses nothing: after a restart every message is handled, each effect recorded exactly once', async () => {
    const publisher = new EventPublisher(kafka);
    await publisher.publishBatch(
      event,
      Array.from({ length: COUNT }, (_, i) => ({ key: `user-${i % 7}`, value: { id: `e${i}`, seq: i } })),
    );
    await publisher.disconnect();

    const first = await startConsumer();
    await waitFor(async () => (await count('handled')) >= 20, { what: 'the first consumer to be mid-stream' });
    first.kill('SIGKILL'); // no stop(), no commit, no leave-group
    await exited(first);
    const handledAtKill = await count('handled');
    expect(handledAtKill).toBeLessThan(COUNT);

    const second = await startConsumer();
    await waitFor(async () => (await count('handled')) === COUNT, { timeoutMs: 45_000, what: `all ${COUNT} handled` });

    const { rows } = await db.query<{ event_id: string }>(`SELECT event_id FROM ${schema}.handled`);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `e${i}`)));
    // Handled-but-uncommitted messages of the killed process came back: at least once, really.
    const deliveries = await count('deliveries');
    expect(deliveries).toBeGreaterThan(COUNT);
    const { rows: redelivered } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT event_id FROM ${schema}.deliveries GROUP BY event_id HAVING count(DISTINCT pid) > 1) d`,
    );
    expect(Number(redelivered[0].n)).toBeGreaterThan(0);

    // A graceful stop (SIGTERM) commits everything handled: nothing left for the group.
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    const admin = await kafka.admin();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [event.topic] });
    const ends = await admin.fetchTopicOffsets(event.topic);
    for (const end of ends) {
      const offset = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset);
      expect(Math.max(0, offset)).toBe(Number(end.high)); // -1: an empty partition never committed
    }
  });
});
