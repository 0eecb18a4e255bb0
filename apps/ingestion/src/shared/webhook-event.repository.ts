import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import type { OutboxEntry } from '@perflab/messaging';
import type { PrismaClient } from '../ingestion.prisma';

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
 * One statement stores the webhook and queues its event (the transactional outbox): the outbox
 * row is selected from the rows actually inserted, so a redelivery (same source and webhook-id,
 * ON CONFLICT DO NOTHING) queues nothing and reads the first delivery's row instead. The bare
 * baseline (load-tests/baselines/ingestion.ts) runs this same text.
 */
export const STORE_WEBHOOK_SQL = `WITH inserted AS (
    INSERT INTO webhook_events (source, webhook_id, type, company_id, payload, payload_hash, sent_at, received_at)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, to_timestamp($7), $8::timestamptz)
    ON CONFLICT (source, webhook_id) DO NOTHING
    RETURNING received_at, payload_hash
  ), outboxed AS (
    INSERT INTO outbox_events (topic, key, payload, headers)
    SELECT $9, $10, $11::jsonb, NULL FROM inserted
  )
  SELECT received_at AS "receivedAt", payload_hash AS "payloadHash", true AS stored FROM inserted
  UNION ALL
  SELECT received_at, payload_hash, false FROM webhook_events
  WHERE source = $1 AND webhook_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`;

const FIND_WEBHOOK_SQL = `SELECT received_at AS "receivedAt", payload_hash AS "payloadHash", false AS stored
  FROM webhook_events WHERE source = $1 AND webhook_id = $2`;

@Injectable()
export class WebhookEventRepository {
  private readonly db: PrismaClient;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  /** Stores the webhook and its outbox entry atomically, or returns the row a first delivery stored. */
  async store(event: NewWebhookEvent, outbox: OutboxEntry): Promise<StoredWebhook> {
    const rows = await this.db.$queryRawUnsafe<StoredWebhook[]>(
      STORE_WEBHOOK_SQL,
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
    );
    if (rows[0]) return rows[0];
    // A concurrent delivery of the same id committed while this statement waited on its key:
    // the statement's snapshot predates that row, a new statement sees it.
    const again = await this.db.$queryRawUnsafe<StoredWebhook[]>(FIND_WEBHOOK_SQL, event.source, event.webhookId);
    if (!again[0]) throw new Error(`webhook ${event.source}/${event.webhookId} neither inserted nor found`);
    return again[0];
  }

  /** What became of a delivery; published = its event is no longer waiting in the outbox. */
  async status(source: string, webhookId: string): Promise<WebhookStatus | null> {
    const rows = await this.db.$queryRawUnsafe<WebhookStatus[]>(
      `SELECT w.type, w.received_at AS "receivedAt", NOT EXISTS (
         SELECT 1 FROM outbox_events o WHERE o.payload->>'eventId' = w.webhook_id AND o.payload->>'source' = w.source
       ) AS published
       FROM webhook_events w WHERE w.source = $1 AND w.webhook_id = $2`,
      source,
      webhookId,
    );
    return rows[0] ?? null;
  }
}
