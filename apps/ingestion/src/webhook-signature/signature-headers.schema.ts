import { z } from 'zod';

/** The Standard Webhooks headers every request to ingestion is signed with (documented, OpenAPI). */
export const signatureHeadersSchema = z.object({
  'webhook-id': z.string().meta({ description: "The delivery's id: a redelivery repeats it" }),
  'webhook-timestamp': z.string().meta({ description: 'Unix seconds when it was sent; must be recent' }),
  'webhook-signature': z
    .string()
    .meta({ description: 'v1,<base64 HMAC-SHA256 of id.timestamp.body>, space-separated' }),
});
