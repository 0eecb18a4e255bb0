import Redis from 'ioredis';
import { Client } from 'pg';
import { serviceEnvFor } from '../../service-env';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';

// recommendations' ledger: every behaviour (load-tests/recommendations/chaos.js) comes from a
// user of its own, its key. The 202 commits it to the outbox; the consumer applies it to the
// Redis model, then stores it in the history. Stored = its row in behavior_events (two rows
// for one user: stored twice); effected = the user's recent-items set in the model holds its
// product. The model is idempotent by event id, so applied twice cannot show there: a
// duplicate shows as a second history row. Effected at: the model marks an applied event id
// for DEDUP_TTL_SECONDS, so its remaining TTL tells when (after a Redis restart, when the
// rebuild from the history applied it again).

/** What the bench gave the service (load-tests/recommendations/service{,.chaos}.env). */
function modelSettings(runId: string): { prefix: string; seenTtlMs: number } {
  const { env } = serviceEnvFor('recommendations', 'chaos', undefined, { RUN_ID: runId });
  if (!env.REDIS_KEY_PREFIX || !env.DEDUP_TTL_SECONDS)
    throw new Error('load-tests/recommendations: the chaos env must set REDIS_KEY_PREFIX and DEDUP_TTL_SECONDS');
  return { prefix: env.REDIS_KEY_PREFIX, seenTtlMs: Number(env.DEDUP_TTL_SECONDS) * 1000 };
}

export const ledger: SuiteLedger = {
  writes: ['behavior'],
  stored: 'its row in recommendations.behavior_events (by its own user id)',
  effect:
    "applied to the model: the user's recent items in Redis hold it (timed by its applied mark; after Redis lost its data, by the rebuild that applied it again)",
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const users = [...new Set(sent.map((w) => w.key))];
    const eventIdOf = new Map(sent.filter((w) => w.id).map((w) => [w.key, w.id!]));
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    let rows: { user_id: string; stored: number }[];
    try {
      rows = (
        await c.query<{ user_id: string; stored: number }>(
          `SELECT user_id, count(*)::int AS stored FROM recommendations.behavior_events
            WHERE user_id = ANY($1) GROUP BY 1`,
          [users],
        )
      ).rows;
    } finally {
      await c.end();
    }
    const { prefix, seenTtlMs } = modelSettings(ctx.runId);
    const redis = new Redis(ctx.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
    await redis.connect();
    try {
      const pipeline = redis.pipeline();
      for (const r of rows) {
        pipeline.zcard(`${prefix}:u:${r.user_id}:recent`);
        pipeline.pttl(`${prefix}:seen:${eventIdOf.get(r.user_id) ?? '-'}`);
      }
      const replies = (await pipeline.exec()) ?? [];
      const readAt = Date.now();
      return rows.map((r, i): WriteFate => {
        const applied = Number(replies[2 * i]?.[1] ?? 0) > 0;
        const remainingMs = Number(replies[2 * i + 1]?.[1] ?? -2);
        return {
          key: r.user_id,
          stored: r.stored,
          effects: applied ? 1 : 0,
          effectedAt: applied && remainingMs > 0 ? readAt - (seenTtlMs - remainingMs) : undefined,
        };
      });
    } finally {
      redis.disconnect();
    }
  },
};
