// The baseline's delivery worker: what the service's worker role does to every accepted
// notification, with its statements and Redis commands (apps/notifications/src/round-trips.int-spec.ts
// counts the service's), so the baseline's half of a run carries the same background work: its
// Postgres writes, the provider's send-once key, and the notification and unread-count cache
// entries each SENT invalidates. Like the service's batch mode (ADR 0006): claims and SENT
// transitions made in one event-loop turn share one statement.
import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { kafka } from './_bare';

/** The service's simulated providers' default latencies (notifications.config PROVIDER_*_LATENCY_MS), ±25 %. */
const LATENCY_MS: Record<string, number> = { EMAIL: 40, SMS: 60, PUSH: 20, IN_APP: 2 };
const LEASE_SECONDS = 20; // PROCESSING_LEASE_SECONDS
const PROVIDER_KEY_TTL = 86_400; // PROVIDER_IDEMPOTENCY_TTL_SECONDS
const BATCH_CONCURRENCY = 50; // DELIVERY_BATCH_CONCURRENCY: deliveries at once per partition

const CLAIM = (columns: string) => `
  WITH current AS (
    SELECT id, status FROM notifications WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
  ), claimed AS (
    UPDATE notifications n SET status = 'PROCESSING', attempts = n.attempts + 1, updated_at = now()
    FROM current
    WHERE n.id = current.id AND (current.status = 'PENDING'
      OR (current.status = 'PROCESSING' AND n.updated_at < now() - $2 * interval '1 second'))
    RETURNING n.*, current.status AS previous
  ), events AS (
    INSERT INTO notification_events (notification_id, from_status, to_status, detail)
    SELECT id, previous, 'PROCESSING', CASE WHEN previous = 'PROCESSING' THEN 'lease expired' ELSE 'claimed' END FROM claimed
  )
  SELECT ${columns} FROM claimed`;

const FINISH_SENT = `
  WITH finished AS (
    UPDATE notifications SET status = 'SENT', updated_at = now(), sent_at = now(), last_error = NULL
    WHERE id = ANY($1::uuid[]) AND status = 'PROCESSING'
    RETURNING id, user_id, status, read_at
  ), events AS (
    INSERT INTO notification_events (notification_id, from_status, to_status, detail)
    SELECT id, 'PROCESSING', 'SENT', NULL FROM finished
  ), counted AS (
    INSERT INTO unread_counts (user_id, count)
    SELECT user_id, count(*)::int FROM finished WHERE status = 'SENT' AND read_at IS NULL
    GROUP BY user_id ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET count = unread_counts.count + EXCLUDED.count
  )
  SELECT id::text AS id, user_id::text AS "userId" FROM finished`;

/** Calls made in one event-loop turn share one `runMany` (the service's MicroBatcher, bare). */
function perTurn<R extends { id: string }>(
  runMany: (ids: string[]) => Promise<R[]>,
): (id: string) => Promise<R | null> {
  let waiting: { id: string; resolve: (r: R | null) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    runMany([...new Set(batch.map((w) => w.id))]).then(
      (rows) => {
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const w of batch) w.resolve(byId.get(w.id) ?? null);
      },
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  };
  return (id) =>
    new Promise((resolve, reject) => {
      if (waiting.push({ id, resolve, reject }) === 1) setImmediate(flush);
    });
}

/** Consumes the run's topic as the service's notification-workers group does; returns its stop. */
export async function deliver(opts: {
  pool: Pool;
  redis: Redis;
  topic: string;
  groupId: string;
  keyPrefix: string;
  columns: string;
}): Promise<() => Promise<void>> {
  const { pool, redis, keyPrefix } = opts;
  const claimText = CLAIM(opts.columns);
  const claim = perTurn(
    async (ids) =>
      (
        await pool.query<{ id: string; userId: string; channel: string }>({
          name: 'claim',
          text: claimText,
          values: [ids, LEASE_SECONDS],
        })
      ).rows,
  );
  const finishSent = perTurn(
    async (ids) =>
      (await pool.query<{ id: string; userId: string }>({ name: 'sent', text: FINISH_SENT, values: [ids] })).rows,
  );

  async function deliverOne(notificationId: string): Promise<void> {
    const claimed = await claim(notificationId);
    if (!claimed) return; // a redelivery: someone else has it or it is finished
    await redis.del(`${keyPrefix}notification:${claimed.id}`);
    const latency = LATENCY_MS[claimed.channel] ?? 0;
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
