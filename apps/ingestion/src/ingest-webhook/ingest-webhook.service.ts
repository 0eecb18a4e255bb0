import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxRelay, outboxEntries, type OutboxEntry } from '@perflab/messaging';
import { ApiError } from '@perflab/runtime';
import { FEEDBACK_RECEIVED_EVENT, SESSION_COMPLETED_EVENT } from '../ingestion.di-tokens';
import { webhooksAcceptedTotal, webhooksRejectedTotal } from '../ingestion.metrics';
import type { FeedbackReceivedEvent, SessionCompletedEvent } from '../shared/impact.events';
import { MicroBatcher } from '@perflab/async';
import { INGESTION_CONFIG, type IngestionConfig } from '../ingestion.config';
import { WebhookEventRepository, type NewWebhookEvent, type StoredWebhook } from '../shared/webhook-event.repository';
import type { Verified } from '../webhook-signature/webhook-verifier';
import type { WebhookBody } from './ingest-webhook.request';
import type { Accepted } from './ingest-webhook.response';

type StoreItem = { event: NewWebhookEvent; outbox: OutboxEntry };

/** The answer to a delivery, repeated unchanged to every redelivery of the same webhook-id. */
export type { Accepted } from './ingest-webhook.response';

/**
 * 2xx means durable: the webhook row and its impact event's outbox entry are committed in one
 * statement (Postgres down → 503 + Retry-After, nothing accepted), the answer follows the
 * commit, and the relay, nudged here, publishes with acks=all — while Kafka is down the event
 * waits in the outbox. The webhook-id is the idempotency key per source: a redelivery is
 * answered again and stored once; the same id with another body is refused (422).
 */
@Injectable()
export class IngestWebhookService {
  constructor(
    repository: WebhookEventRepository,
    private readonly outbox: OutboxRelay,
    @Inject(SESSION_COMPLETED_EVENT) private readonly sessionCompleted: SessionCompletedEvent,
    @Inject(FEEDBACK_RECEIVED_EVENT) private readonly feedbackReceived: FeedbackReceivedEvent,
    @Inject(INGESTION_CONFIG) config: IngestionConfig,
  ) {
    if (config.INGEST_BATCH_MAX > 0) {
      const batcher = new MicroBatcher((items: StoreItem[]) => repository.storeMany(items), {
        maxBatch: config.INGEST_BATCH_MAX,
        lingerMs: config.INGEST_BATCH_LINGER_MS,
      });
      this.store = (item) => batcher.run(item);
    } else {
      this.store = ({ event, outbox }) => repository.store(event, outbox);
    }
  }

  /** One statement per webhook, or the webhooks of one event-loop turn in one statement (INGEST_BATCH_MAX). */
  private readonly store: (item: StoreItem) => Promise<StoredWebhook>;

  async ingest(verified: Verified, body: WebhookBody, rawBody: Buffer): Promise<Accepted> {
    const receivedAt = new Date();
    const payloadHash = createHash('sha256').update(rawBody).digest('base64url');
    const stored = await this.store({
      event: {
        source: verified.source,
        webhookId: verified.id,
        type: body.type,
        companyId: body.data.companyId,
        payload: rawBody.toString('utf8'),
        payloadHash,
        sentAtSeconds: verified.timestamp,
        receivedAt,
      },
      outbox: this.eventFor(verified, body, receivedAt),
    });
    if (stored.payloadHash !== payloadHash) {
      webhooksRejectedTotal.inc({ reason: 'id_reused' });
      throw new ApiError(
        422,
        'WEBHOOK_ID_REUSED',
        'This webhook-id was already delivered with another body; a new event needs a new id',
        { field: 'webhook-id' },
      );
    }
    if (stored.stored) this.outbox.nudge();
    webhooksAcceptedTotal.inc({
      source: verified.source,
      type: body.type,
      outcome: stored.stored ? 'stored' : 'duplicate',
    });
    return {
      id: verified.id,
      source: verified.source,
      type: body.type,
      status: 'accepted',
      receivedAt: new Date(stored.receivedAt).toISOString(),
    };
  }

  /** The impact event the webhook announces, validated against its contract (a bug here fails this request). */
  private eventFor(verified: Verified, body: WebhookBody, receivedAt: Date): OutboxEntry {
    const ingested = { eventId: verified.id, source: verified.source, receivedAt: receivedAt.toISOString() };
    const [entry] =
      body.type === 'session.completed'
        ? outboxEntries(this.sessionCompleted, [{ key: body.data.companyId, value: { ...body.data, ...ingested } }])
        : outboxEntries(this.feedbackReceived, [{ key: body.data.companyId, value: { ...body.data, ...ingested } }]);
    return entry;
  }
}
