// The baseline's delivery worker: what the service's worker role does to every accepted
// notification, with its statements and Redis commands (apps/notifications/src/round-trips.int-spec.ts
// counts the service's), so the baseline's half of a run carries the same background work: its
// Postgres writes (the service's own texts, imported from apps/notifications/src/shared/notification.sql),
// the provider's send-once key, and the notification and unread-count cache entries each SENT
// invalidates. Like the service's batch mode (ADR 0006): claims and SENT transitions made in one
// event-loop turn share one statement.
import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { CLAIM_SQL, FINISH_SENT_SQL } from '../../apps/notifications/src/shared/notification.sql';
import { MicroBatcher } from '../../libs/async/src/micro-batcher';
import { kafka } from './_bare';

/** The service's simulated providers' default latencies (notifications.config PROVIDER_*_LATENCY_MS), ±25 %. */
const LATENCY_MS: Record<string, number> = { EMAIL: 40, SMS: 60, PUSH: 20, IN_APP: 2 };
const LEASE_SECONDS = 20; // PROCESSING_LEASE_SECONDS
const PROVIDER_KEY_TTL = 86_400; // PROVIDER_IDEMPOTENCY_TTL_SECONDS
const BATCH_CONCURRENCY = 50; // DELIVERY_BATCH_CONCURRENCY: deliveries at once per partition

/**
 * Calls made in one event-loop turn share one `runMany`, through the service's MicroBatcher (the
 * same batch bound: BATCH_CONCURRENCY, as delivery.consumer passes it); the first caller of a
 * repeated id gets its row, as BatchedDeliveryStore does.
 */
type Row = { id: string; userId: string; channel?: string };

function perTurn(runMany: (ids: string[]) => Promise<Row[]>): (id: string) => Promise<Row | null> {
  const batcher = new MicroBatcher<string, Row | null>(
    async (ids) => {
      const byId = new Map((await runMany([...new Set(ids)])).map((r) => [r.id, r]));
      return ids.map((id) => {
        const row = byId.get(id) ?? null;
        byId.delete(id);
        return row;
      });
    },
    { maxBatch: BATCH_CONCURRENCY },
  );
  return (id) => batcher.run(id);
}

/** Consumes the run's topic as the service's notification-workers group does; returns its stop. */
export async function deliver(opts: {
  pool: Pool;
  redis: Redis;
  topic: string;
  groupId: string;
  keyPrefix: string;
}): Promise<() => Promise<void>> {
  const { pool, redis, keyPrefix } = opts;
  // Named, as the service's worker sends them (its plain SQL): parsed and planned once per connection.
  const claim = perTurn(
    async (ids) =>
      (
        await pool.query<Row>({
          name: 'claim',
          text: CLAIM_SQL,
          values: [ids, LEASE_SECONDS],
        })
      ).rows,
  );
  const finishSent = perTurn(
    async (ids) => (await pool.query<Row>({ name: 'finish_sent', text: FINISH_SENT_SQL, values: [ids] })).rows,
  );

  async function deliverOne(notificationId: string): Promise<void> {
    const claimed = await claim(notificationId);
    if (!claimed) return; // a redelivery: someone else has it or it is finished
    await redis.del(`${keyPrefix}notification:${claimed.id}`);
    const latency = LATENCY_MS[claimed.channel ?? ''] ?? 0;
    await sleep(Math.round(latency * (0.75 + Math.random() * 0.5)));
    // The simulated provider's send-once key (idempotency by notification id), as the service's sets it.
    await redis.set(`${keyPrefix}provider:${claimed.channel}:${claimed.id}`, '1', 'EX', PROVIDER_KEY_TTL, 'NX');
    await finishSent(claimed.id);
    await redis.del(`${keyPrefix}notification:${claimed.id}`, `${keyPrefix}unread:${claimed.userId}`);
  }

  const consumer = kafka.consumer({ groupId: opts.groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 10,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const ids = batch.messages.map((m) => (JSON.parse(String(m.value)) as { notificationId: string }).notificationId);
      let next = 0;
      const lane = async () => {
        while (next < ids.length) await deliverOne(ids[next++]);
      };
      await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, ids.length) }, lane));
      for (const m of batch.messages) resolveOffset(m.offset);
      await heartbeat();
    },
  });
  return () => consumer.disconnect();
}
