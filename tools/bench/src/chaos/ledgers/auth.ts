import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';

// auth's ledger: a registration (load-tests/auth/chaos.js, keyed by its email) is stored as
// its row in auth.users, and takes effect when its user.registered.v1 event reaches Kafka
// (auth's outbox relay publishes it; the message key is the user id). Effected twice: the
// event published twice.

const TOPIC = 'user.registered.v1';

/** Every message of the topic (the bench's own broker: small), as key → append times. */
async function publishedTimes(ctx: LedgerContext, keys: Set<string>): Promise<Map<string, number[]>> {
  const kafka = new Kafka({
    clientId: 'perflab-bench-chaos-ledger',
    brokers: ctx.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
  });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, number>;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(TOPIC)) return new Map();
    ends = new Map((await admin.fetchTopicOffsets(TOPIC)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const out = new Map<string, number[]>();
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([p]) => p));
  if (!pending.size) return out;
  const consumer = kafka.consumer({ groupId: `bench-chaos-ledger-${ctx.runId}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${TOPIC}: not read to its end within 60 s`)), 60_000);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            const key = m.key?.toString() ?? '';
            if (keys.has(key)) out.set(key, [...(out.get(key) ?? []), Number(m.timestamp)]);
          }
          const last = Number(batch.lastOffset());
          if (last + 1 >= (ends.get(batch.partition) ?? 0)) pending.delete(batch.partition);
          if (!pending.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

export const ledger: SuiteLedger = {
  writes: ['register'],
  stored: 'its row in auth.users (by email)',
  effect: 'published: its user.registered.v1 event on Kafka (key = user id), read back from the broker',
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    let users: { id: string; email: string }[];
    try {
      const emails = [...new Set(sent.map((w) => w.key))];
      users = (
        await c.query<{ id: string; email: string }>('SELECT id, email FROM auth.users WHERE email = ANY($1)', [emails])
      ).rows;
    } finally {
      await c.end();
    }
    const published = await publishedTimes(ctx, new Set(users.map((u) => u.id)));
    const stored = new Map<string, number>();
    for (const u of users) stored.set(u.email, (stored.get(u.email) ?? 0) + 1);
    return users.map((u): WriteFate => {
      const times = published.get(u.id) ?? [];
      return {
        key: u.email,
        stored: stored.get(u.email) ?? 1,
        effects: times.length,
        effectedAt: times.length ? Math.min(...times) : undefined,
      };
    });
  },
};
