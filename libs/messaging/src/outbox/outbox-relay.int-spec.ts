import { metricsRegistry } from '@perflab/observability';
import { testEnv, uniqueName, waitFor } from '@perflab/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafka,
  declareTopics,
  deleteTopics,
  EventPublisher,
  OUTBOX_INSERT_SQL,
  outboxEntries,
  outboxJson,
  OutboxRelay,
  OutboxRowInvalidError,
} from '../index';
import { OUTBOX_TABLE_DDL } from '../test-support/outbox-table';
import { readTopic } from '../test-support/read-topic';
import { testEvent } from '../test-support/test-event';

const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'outbox-int', logLevel: 'nothing' });
const schema = uniqueName('outbox').toLowerCase();
/** Sessions on the test schema, as a service's pool is on its own. */
const pool = new Pool({ connectionString: testEnv.databaseUrl, max: 6, options: `-c search_path=${schema}` });
const cleanups: (() => Promise<void>)[] = [];

async function write(event: ReturnType<typeof testEvent>, ids: string[]): Promise<void> {
  const entries = outboxEntries(
    event,
    ids.map((id, seq) => ({ key: `k-${seq % 7}`, value: { id, seq }, headers: { 'x-id': id } })),
  );
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(OUTBOX_INSERT_SQL, [outboxJson(entries)]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function outboxCount(): Promise<number> {
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events')).rows[0].n;
}

async function endOffsetTotal(topic: string): Promise<number> {
  const admin = await kafka.admin();
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
}

function relayWith(event: ReturnType<typeof testEvent>, publisher: EventPublisher, batchSize = 100): OutboxRelay {
  const relay = new OutboxRelay({
    pool,
    publisher,
    events: [event],
    batchSize,
    pollIntervalMs: 200,
    maxBackoffMs: 500,
  });
  cleanups.push(() => relay.stop());
  return relay;
}

function newPublisher(timeoutMs = 5_000): EventPublisher {
  const publisher = new EventPublisher(kafka, { breakerOptions: { timeoutMs, resetTimeoutMs: 300 } });
  cleanups.push(() => publisher.disconnect());
  return publisher;
}

beforeAll(async () => {
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(OUTBOX_TABLE_DDL);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await kafka.disconnect();
});

describe('the transactional outbox', () => {
  it('publishes a committed row once, promptly after a nudge, with its key and headers, then deletes it', async () => {
    const event = testEvent('outbox-once');
    await declareTopics(kafka, [event]);
    cleanups.push(() => deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]));
    const relay = relayWith(event, newPublisher());
    relay.start();

    await write(event, ['a', 'b', 'c']);
    relay.nudge();
    const messages = await readTopic(kafka, event.topic, 3);
    expect(messages.map((m) => JSON.parse(m.value!).id).sort()).toEqual(['a', 'b', 'c']);
    expect(messages.find((m) => m.value!.includes('"a"'))).toMatchObject({ key: 'k-0', headers: { 'x-id': 'a' } });
    await waitFor(async () => (await outboxCount()) === 0, { what: 'the rows to be deleted' });
    expect(await endOffsetTotal(event.topic)).toBe(3);
    expect(await metricsRegistry.getSingleMetricAsString('outbox_publish_latency_seconds')).toMatch(
      new RegExp(`outbox_publish_latency_seconds_count\\{topic="${event.topic}"\\} 3`),
    );
  });

  it("publishes each key's rows in the order they were written", async () => {
    const event = testEvent('outbox-order');
    await declareTopics(kafka, [event]);
    cleanups.push(() => deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]));
    await write(
      event,
      Array.from({ length: 60 }, (_, i) => `order-${i}`),
    );
    expect(await relayWith(event, newPublisher()).drainAll()).toBe(60);
    const messages = await readTopic(kafka, event.topic, 60);
    const seqsByKey = new Map<string, number[]>();
    for (const m of messages) seqsByKey.set(m.key!, [...(seqsByKey.get(m.key!) ?? []), JSON.parse(m.value!).seq]);
    expect(seqsByKey.size).toBe(7);
    for (const seqs of seqsByKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('keeps rows while Kafka refuses them, backs off, and publishes them all once Kafka takes them', async () => {
    // Not declared yet: every publish fails the way it does while the brokers are down.
    const event = testEvent('outbox-down');
    cleanups.push(() => deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]));
    const relay = relayWith(event, newPublisher(500));
    relay.start();
    const ids = Array.from({ length: 50 }, (_, i) => `down-${i}`);
    await write(event, ids);
    relay.nudge();
    await waitFor(() => relay.status.consecutiveFailures >= 2, { what: 'two failed drains' });
    expect(await outboxCount()).toBe(50);
    expect(relay.status.lastError).toMatch(/Could not publish/);
    expect(await metricsRegistry.getSingleMetricAsString('outbox_relay_failures_total')).toMatch(
      /outbox_relay_failures_total\{reason="kafka"\} [1-9]/,
    );

    await declareTopics(kafka, [event]); // Kafka "back"
    const messages = await readTopic(kafka, event.topic, 50, 30_000);
    expect(new Set(messages.map((m) => JSON.parse(m.value!).id))).toEqual(new Set(ids));
    await waitFor(async () => (await outboxCount()) === 0, { timeoutMs: 15_000, what: 'the outbox to empty' });
    expect(relay.status.consecutiveFailures).toBe(0);
  });

  it('two relays on the same table share the rows and never publish one twice', async () => {
    const event = testEvent('outbox-two', 4);
    await declareTopics(kafka, [event]);
    cleanups.push(() => deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]));
    const ids = Array.from({ length: 2_000 }, (_, i) => `two-${i}`);
    await write(event, ids);
    const first = relayWith(event, newPublisher(), 50);
    const second = relayWith(event, newPublisher(), 50);

    const [a, b] = await Promise.all([first.drainAll(), second.drainAll()]);
    expect(a + b).toBe(2_000);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(await outboxCount()).toBe(0);
    expect(await endOffsetTotal(event.topic)).toBe(2_000);
    const messages = await readTopic(kafka, event.topic, 2_000, 30_000);
    expect(new Set(messages.map((m) => JSON.parse(m.value!).id)).size).toBe(2_000);
  });

  it('moves a row its contract refuses to outbox_dead_letters with the error, and publishes the rows behind it', async () => {
    const event = testEvent('outbox-poison');
    await declareTopics(kafka, [event]);
    cleanups.push(() => deleteTopics(kafka, [event.topic, `${event.topic}.dlt`]));
    // Written around the contract (a bug, or a contract changed under stored rows): first in line.
    await pool.query(`INSERT INTO outbox_events (topic, key, payload) VALUES ($1, 'k-0', '{"id": 1}'::jsonb)`, [
      event.topic,
    ]);
    await write(event, ['behind-1', 'behind-2']);
    const deadLettered: OutboxRowInvalidError[] = [];
    const relay = new OutboxRelay({
      pool,
      publisher: newPublisher(),
      events: [event],
      onDeadLetter: (error) => deadLettered.push(error),
    });
    cleanups.push(() => relay.stop());

    expect(await relay.drainAll()).toBe(3);
    const messages = await readTopic(kafka, event.topic, 2);
    expect(messages.map((m) => JSON.parse(m.value!).id).sort()).toEqual(['behind-1', 'behind-2']);
    expect(await outboxCount()).toBe(0);
    const { rows } = await pool.query<{ topic: string; payload: unknown; error: string }>(
      'SELECT topic, payload, error FROM outbox_dead_letters WHERE topic = $1',
      [event.topic],
    );
    expect(rows).toEqual([
      { topic: event.topic, payload: { id: 1 }, error: expect.stringMatching(/fails its contract/) },
    ]);
    expect(deadLettered).toEqual([expect.any(OutboxRowInvalidError)]);
    expect(await metricsRegistry.getSingleMetricAsString('outbox_dead_lettered_total')).toMatch(
      new RegExp(`outbox_dead_lettered_total\\{topic="${event.topic}"\\} 1`),
    );
    expect(await endOffsetTotal(event.topic)).toBe(2);
  });

  it('refuses at write time an event that breaks its contract', () => {
    const event = testEvent('outbox-bad');
    expect(() => outboxEntries(event, [{ key: 'k', value: { id: 1 as never, seq: 1 } }])).toThrow(/id/);
  });
});
