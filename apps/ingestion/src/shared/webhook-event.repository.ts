import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type PlainSql } from '@perflab/database';
import type { OutboxEntry } from '@perflab/messaging';
import type { PrismaClient } from '../ingestion.prisma';
import { FIND_WEBHOOK_SQL, STORE_WEBHOOKS_SQL, STORE_WEBHOOK_SQL, WEBHOOK_STATUS_SQL } from './webhook-event.sql';

export interface NewWebhookEvent {
  source: string;
  webhookId: string;
  type: string;
  companyId: string;
  /** The raw body as received (valid JSON: it was parsed before): stored as jsonb. */
  payload: string;
  payloadHash: string;
  /** The signed `webhook-timestamp`, in seconds. */
  sentAtSeconds: number;
  receivedAt: Date;
}

/** The stored delivery of a (source, webhook-id): this request's row, or the one a first delivery stored. */
export interface StoredWebhook {
  receivedAt: Date;
  payloadHash: string;
  /** true when this request stored it, false when it was already there (a redelivery). */
  stored: boolean;
}

export interface WebhookStatus {
  type: string;
  receivedAt: Date;
  /** false while its event waits in the outbox (Kafka slow or down). */
  published: boolean;
}

/**
 * Every statement here is plain SQL on the service's pool (named, so Postgres plans each once per
 * connection), not Prisma's raw queries: the store path is the service's only hot path and its
 * SQL is already hand-written; Prisma's per-query work was 13.7 % of the service's CPU at
 * 1,000 webhooks/s (ADR 0003 allows this where the bench shows it matters; load-tests/ingestion/RESULTS.md).
 */
@Injectable()
export class WebhookEventRepository {
  private readonly sql: PlainSql;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.sql = database.sql;
  }

  /** Stores the webhook and its outbox entry atomically, or returns the row a first delivery stored. */
  async store(event: NewWebhookEvent, outbox: OutboxEntry): Promise<StoredWebhook> {
    const rows = await this.sql<StoredWebhook>('webhook_store', STORE_WEBHOOK_SQL, [
      event.source,
      event.webhookId,
      event.type,
      event.companyId,
      event.payload,
      event.payloadHash,
      event.sentAtSeconds,
      event.receivedAt.toISOString(),
      outbox.topic,
      outbox.key,
      outbox.payload,
    ]);
    if (rows[0]) return rows[0];
    // A concurrent delivery of the same id committed while this statement waited on its key:
    // the statement's snapshot predates that row, a new statement sees it.
    const again = await this.sql<StoredWebhook>('webhook_find', FIND_WEBHOOK_SQL, [event.source, event.webhookId]);
    if (!again[0]) throw new Error(`webhook ${event.source}/${event.webhookId} neither inserted nor found`);
    return again[0];
  }

  /**
   * store() for many webhooks in one statement (request batching, INGEST_BATCH_MAX): one result
   * per item, in order. Items repeating a (source, webhook-id) of the batch share the first one's
   * row; only the first can be `stored`.
   */
  async storeMany(items: { event: NewWebhookEvent; outbox: OutboxEntry }[]): Promise<StoredWebhook[]> {
    const keyOf = (e: NewWebhookEvent) => `${e.source}\u0000${e.webhookId}`;
    const firstIndex = new Map<string, number>();
    items.forEach(({ event }, i) => {
      if (!firstIndex.has(keyOf(event))) firstIndex.set(keyOf(event), i);
    });
    const rows = [...firstIndex.values()].map((i) => {
      const { event, outbox } = items[i];
      return {
        ord: i,
        source: event.source,
        webhook_id: event.webhookId,
        type: event.type,
        company_id: event.companyId,
        payload: event.payload,
        payload_hash: event.payloadHash,
        sent_at: event.sentAtSeconds,
        received_at: event.receivedAt.toISOString(),
        topic: outbox.topic,
        key: outbox.key,
        event: outbox.payload,
      };
    });
    const found = await this.sql<StoredWebhook & { source: string; webhookId: string }>(
      'webhook_store_many',
      STORE_WEBHOOKS_SQL,
      [JSON.stringify(rows)],
    );
    const byKey = new Map(found.map((row) => [`${row.source}\u0000${row.webhookId}`, row]));
    return Promise.all(
      items.map(async ({ event, outbox }, i) => {
        // A concurrent request committed this key after the statement's snapshot: read it anew.
        const row = byKey.get(keyOf(event)) ?? (await this.store(event, outbox));
        return {
          receivedAt: row.receivedAt,
          payloadHash: row.payloadHash,
          stored: row.stored && firstIndex.get(keyOf(event)) === i,
        };
      }),
    );
  }

  /** What became of a delivery; published = its event is no longer waiting in the outbox. */
  async status(source: string, webhookId: string): Promise<WebhookStatus | null> {
    const rows = await this.sql<WebhookStatus>('webhook_status', WEBHOOK_STATUS_SQL, [source, webhookId]);
    return rows[0] ?? null;
  }
}
