import { Client } from 'pg';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';
import { readTopics } from './read-topics';

// auth's ledger: a registration (load-tests/auth/chaos.js, keyed by its email) is stored as
// its row in auth.users, and takes effect when its user.registered.v1 event reaches Kafka
// (auth's outbox relay publishes it; the message key is the user id). Effected twice: the
// event published twice.

const TOPIC = 'user.registered.v1';

/** Every message of the topic for the given keys, as key → append times. */
async function publishedTimes(ctx: LedgerContext, keys: Set<string>): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  await readTopics(ctx, [TOPIC], (_topic, m) => {
    const key = m.key?.toString() ?? '';
    if (keys.has(key)) out.set(key, [...(out.get(key) ?? []), Number(m.timestamp)]);
  });
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
