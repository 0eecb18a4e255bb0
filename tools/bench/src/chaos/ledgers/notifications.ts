import { Client } from 'pg';
import type { SuiteLedger, WriteFate } from '../ledger';

// notifications' ledger: every create carries {chaosRun, key} in `data`
// (load-tests/notifications/chaos.js); stored = its row, effected = its PROCESSING → SENT
// transitions in notification_events (the simulated provider took it), FAILED = failed.
// The chaos run configures no provider failure rate, so a FAILED row was failed by an outage
// unless its error is a provider's own rejection.

const FATES_SQL = `
  SELECT n.data->>'key' AS key,
         count(*)::int AS stored,
         coalesce(sum(s.sends), 0)::int AS effects,
         min(n.sent_at) AS sent_at,
         bool_or(n.status = 'FAILED') AS failed,
         max(n.last_error) AS last_error
    FROM notifications.notifications n
    LEFT JOIN LATERAL (
      SELECT count(*) AS sends FROM notifications.notification_events e
       WHERE e.notification_id = n.id AND e.to_status = 'SENT'
    ) s ON true
   WHERE n.data->>'chaosRun' = $1
   GROUP BY 1`;

interface FateRow {
  key: string;
  stored: number;
  effects: number;
  sent_at: Date | null;
  failed: boolean;
  last_error: string | null;
}

export const ledger: SuiteLedger = {
  writes: ['create'],
  stored: 'its row in notifications.notifications (found by the key in `data`)',
  effect: 'delivered: a PROCESSING → SENT transition in notification_events',
  async fates(_sent, ctx) {
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      const { rows } = await c.query<FateRow>(FATES_SQL, [ctx.runId]);
      return rows.map((r): WriteFate => ({
        key: r.key,
        stored: r.stored,
        effects: r.effects,
        effectedAt: r.sent_at ? r.sent_at.getTime() : undefined,
        failed:
          r.failed && r.effects === 0
            ? { byOutage: !/rejected the request/.test(r.last_error ?? ''), reason: r.last_error ?? 'FAILED' }
            : undefined,
      }));
    } finally {
      await c.end();
    }
  },
};
