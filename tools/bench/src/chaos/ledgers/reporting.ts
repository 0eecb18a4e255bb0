import { Client } from 'pg';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';

// reporting's ledger, the 003 path end to end: a session.completed webhook accepted by
// ingestion (load-tests/reporting/chaos.js; key = its webhook-id, which reporting stores as
// the event id) for a company of its own, `chaos-<webhook-id>`. Stored = its row in
// reporting.impact_events; effected = the sessions the company's daily rollup counts (what
// /v1/metrics reads): 1 when counted, 2 when counted twice. Effected at: the row's stored_at,
// written in the same transaction as the rollup.

const FATES_SQL = `
  SELECT e.event_id AS key,
         count(*)::int AS stored,
         min(e.stored_at) AS stored_at,
         coalesce((SELECT sum(d.sessions) FROM reporting.daily_company_metrics d
                    WHERE d.company_id = 'chaos-' || e.event_id), 0)::int AS counted
    FROM reporting.impact_events e
   WHERE e.event_id = ANY($1)
   GROUP BY e.event_id`;

interface FateRow {
  key: string;
  stored: number;
  stored_at: Date;
  counted: number;
}

export const ledger: SuiteLedger = {
  writes: ['ingest'],
  stored: 'its row in reporting.impact_events (event id = the webhook-id ingestion accepted)',
  effect: "counted: its company's sessions in reporting.daily_company_metrics (what /v1/metrics reads)",
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      const { rows } = await c.query<FateRow>(FATES_SQL, [[...new Set(sent.map((w) => w.key))]]);
      return rows.map((r): WriteFate => ({
        key: r.key,
        stored: r.stored,
        effects: r.counted,
        effectedAt: r.counted > 0 ? r.stored_at.getTime() : undefined,
      }));
    } finally {
      await c.end();
    }
  },
};
