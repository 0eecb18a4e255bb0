import { z } from 'zod';
import { WEBHOOK_TYPES } from './ingest-webhook.request';

/** The 202: stored once, published to Kafka from the outbox (the documented response, OpenAPI). */
export const acceptedResponse = z
  .object({
    id: z.string(),
    source: z.string(),
    type: z.enum(WEBHOOK_TYPES),
    status: z.literal('accepted'),
    receivedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookAccepted' });

export type Accepted = z.output<typeof acceptedResponse>;

/** GET /webhooks/ingest/:webhookId: what became of a delivery. */
export const webhookStatusResponse = z
  .object({
    id: z.string(),
    source: z.string(),
    type: z.string(),
    receivedAt: z.iso.datetime(),
    published: z.boolean(),
  })
  .meta({ id: 'WebhookStatus' });
