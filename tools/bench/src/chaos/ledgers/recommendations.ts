import Redis from 'ioredis';
import { Client } from 'pg';
import { serviceEnvFor } from '../../service-env';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';

// recommendations' ledger: every behaviour (load-tests/recommendations/chaos.js) comes from a
// user of its own, its key. The 202 commits it to the outbox; the consumer applies it to the
// Redis model, then stores it in the history. Stored = its row in behavior_events (two rows
// for one user: stored twice); effected = the user's recent-items set in the model holds its
// product. The model is idempotent by event id, so applied twice cannot show there: a
// duplicate shows as a second history row. The model keeps no time of application, so this
// ledger reports no accepted → effect latency.

/** The key prefix the bench gave the service (load-tests/recommendations/service.env). */
function modelPrefix(runId: string): string {
  return serviceEnvFor('recommendations', 'chaos', undefined, { RUN_ID: runId }).env.REDIS_KEY_PREFIX ?? 'reco';
}

export const ledger: SuiteLedger = {
  writes: ['behavior'],
  stored: 'its row in recommendations.behavior_events (by its own user id)',
  effect: "applied to the model: the user's recent items in Redis hold it",
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const users = [...new Set(sent.map((w) => w.key))];
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
    const prefix = modelPrefix(ctx.runId);
    const redis = new Redis(ctx.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
    await redis.connect();
    try {
      const pipeline = redis.pipeline();
      for (const r of rows) pipeline.zcard(`${prefix}:u:${r.user_id}:recent`);
      const counts = (await pipeline.exec()) ?? [];
      return rows.map((r, i): WriteFate => ({
        key: r.user_id,
        stored: r.stored,
        effects: Number(counts[i]?.[1] ?? 0) > 0 ? 1 : 0,
      }));
    } finally {
      redis.disconnect();
    }
  },
};
