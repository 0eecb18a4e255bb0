import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import { ApiError } from '@perflab/runtime';
import { webhookStatusResponse } from '../ingest-webhook/ingest-webhook.response';
import { WEBHOOK_VERIFIER } from '../ingestion.di-tokens';
import { WebhookEventRepository } from '../shared/webhook-event.repository';
import { signatureHeadersSchema } from '../webhook-signature/signature-headers.schema';
import { verifiedOrThrow } from '../webhook-signature/verified-or-throw';
import type { SignatureHeaders, WebhookVerifier } from '../webhook-signature/webhook-verifier';

const EMPTY = Buffer.alloc(0);

/**
 * GET /webhooks/ingest/:webhookId: what became of a delivery (stored when, event published yet).
 * Signed like a delivery, over an empty body, with webhook-id = the id asked about, so a sender
 * sees only its own deliveries. The k6 suite times accepted → published with it.
 */
@Controller('webhooks/ingest')
export class WebhookStatusHttpController {
  constructor(
    private readonly repository: WebhookEventRepository,
    @Inject(WEBHOOK_VERIFIER) private readonly verifier: WebhookVerifier,
  ) {}

  @Get(':webhookId')
  @DescribeRoute({
    summary: "What became of a delivery (signed over an empty body with its webhook-id): the sender's own only",
    headers: signatureHeadersSchema,
    responses: { 200: webhookStatusResponse },
    errors: [401, 404],
  })
  async status(@Param('webhookId') webhookId: string, @Headers() headers: SignatureHeaders) {
    const verified = verifiedOrThrow(this.verifier, headers, EMPTY);
    if (verified.id !== webhookId) {
      throw new ApiError(400, 'WEBHOOK_ID_MISMATCH', 'The path must name the signed webhook-id', {
        field: 'webhookId',
      });
    }
    const status = await this.repository.status(verified.source, verified.id);
    if (!status) throw new ApiError(404, 'WEBHOOK_NOT_FOUND', 'No delivery with this webhook-id from this source');
    return {
      id: verified.id,
      source: verified.source,
      type: status.type,
      receivedAt: new Date(status.receivedAt).toISOString(),
      published: status.published,
    };
  }
}
