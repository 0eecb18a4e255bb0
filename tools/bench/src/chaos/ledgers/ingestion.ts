import { Client } from 'pg';
import { serviceEnvFor } from '../../service-env';
import type { AcceptedWrite, LedgerContext, SuiteLedger, WriteFate } from '../ledger';
import { readTopics } from './read-topics';

// ingestion's ledger: a delivery (load-tests/ingestion/chaos.js, keyed by its webhook-id) is
// stored as its row in ingestion.webhook_events, and takes effect when its impact event (the
// value's eventId is the webhook-id) reaches Kafka through the outbox relay. A redelivery must
// change nothing: a second row or a second event for one webhook-id is a duplicate.

/** This run's topics, as the bench named them for the service (load-tests/ingestion/service.env). */
function topicsOf(runId: string): string[] {
  const { env } = serviceEnvFor('ingestion', 'chaos', undefined, { RUN_ID: runId });
  return [env.SESSION_COMPLETED_TOPIC, env.FEEDBACK_RECEIVED_TOPIC].filter((t): t is string => Boolean(t));
}

/** webhook-id → times its event was appended, for the ids asked about. */
async function publishedTimes(ctx: LedgerContext, ids: Set<string>): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  await readTopics(ctx, topicsOf(ctx.runId), (_topic, m) => {
    let eventId: unknown;
    try {
      eventId = (JSON.parse(m.value?.toString() ?? '') as { eventId?: unknown }).eventId;
    } catch {
      return; // not an impact event: not one of ours
    }
    if (typeof eventId === 'string' && ids.has(eventId))
      out.set(eventId, [...(out.get(eventId) ?? []), Number(m.timestamp)]);
  });
  return out;
}

export const ledger: SuiteLedger = {
  writes: ['ingest'],
  stored: 'its row in ingestion.webhook_events (by webhook-id)',
  effect: 'published: its impact event on Kafka (eventId = webhook-id), read back from the broker',
  async fates(sent: AcceptedWrite[], ctx: LedgerContext) {
    const ids = [...new Set(sent.map((w) => w.key))];
    const c = new Client({ connectionString: ctx.databaseUrl, connectionTimeoutMillis: 5000 });
    await c.connect();
    let rows: { webhook_id: string; stored: number }[];
    try {
      rows = (
        await c.query<{ webhook_id: string; stored: number }>(
          `SELECT webhook_id, count(*)::int AS stored FROM ingestion.webhook_events
            WHERE webhook_id = ANY($1) GROUP BY 1`,
          [ids],
        )
      ).rows;
    } finally {
      await c.end();
    }
    const published = await publishedTimes(ctx, new Set(rows.map((r) => r.webhook_id)));
    return rows.map((r): WriteFate => {
      const times = published.get(r.webhook_id) ?? [];
      return {
        key: r.webhook_id,
        stored: r.stored,
        effects: times.length,
        effectedAt: times.length ? Math.min(...times) : undefined,
      };
    });
  },
};
