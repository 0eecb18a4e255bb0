/**
 * A consumer in its own process, so a test can SIGKILL it mid-stream.
 * Run: node -r @swc-node/register libs/messaging/src/test-support/idempotent-consumer.fixture.ts
 * Env: TOPIC, GROUP, SCHEMA, DATABASE_URL, KAFKA_BROKERS; BATCH_CONCURRENCY (batch mode when set),
 * DELAY_MS (per message, default 10). SIGTERM stops gracefully.
 */
import { Pool } from 'pg';
import { z } from 'zod';
import { defineEvent } from '@perflab/contracts';
import { createKafka, onEvent, runConsumer } from '../index';
import { FAST_GROUP } from './test-event';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const event = defineEvent({
    topic: env.TOPIC,
    partitions: Number(env.PARTITIONS ?? 1),
    key: z.string(),
    value: z.object({ id: z.string(), seq: z.number() }),
  });
  const delayMs = Number(env.DELAY_MS ?? 10);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'fixture', logLevel: 'nothing' });
  const handle = await runConsumer({
    kafka,
    groupId: env.GROUP,
    ...FAST_GROUP,
    commitIntervalMs: 60_000, // commit only at batch ends, so a kill leaves handled-but-uncommitted messages
    batchConcurrency: env.BATCH_CONCURRENCY ? Number(env.BATCH_CONCURRENCY) : undefined,
    handlers: [
      onEvent(event, async ({ value }) => {
        // Every delivery is logged; the unique key makes the effect happen once.
        await pool.query(`INSERT INTO ${env.SCHEMA}.deliveries (event_id, pid) VALUES ($1, $2)`, [
          value.id,
          process.pid,
        ]);
        await pool.query(`INSERT INTO ${env.SCHEMA}.handled (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, [value.id]);
        await new Promise((r) => setTimeout(r, delayMs));
      }),
    ],
  });
  process.send?.('ready');
  process.once('SIGTERM', () => {
    void handle
      .stop()
      .then(() => Promise.all([kafka.disconnect(), pool.end()]))
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture failed: ${String(error)}\n`);
  process.exit(1);
});
