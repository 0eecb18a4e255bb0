import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import { ApiError, ZodValidationPipe, type RawBodyRequest } from '@perflab/runtime';
import { WEBHOOK_VERIFIER } from '../ingestion.di-tokens';
import { webhooksRejectedTotal } from '../ingestion.metrics';
import { verifiedOrThrow } from '../webhook-signature/verified-or-throw';
import { signatureHeadersSchema } from '../webhook-signature/signature-headers.schema';
import type { SignatureHeaders, WebhookVerifier } from '../webhook-signature/webhook-verifier';
import { webhookBody, type WebhookBody } from './ingest-webhook.request';
import { acceptedResponse, type Accepted } from './ingest-webhook.response';
import { IngestWebhookService } from './ingest-webhook.service';

const validBody = new ZodValidationPipe(webhookBody);

/**
 * POST /webhooks/ingest (003). The signature is checked on the raw bytes before the body is
 * validated, so an unsigned sender learns nothing about the schema (a body that is not JSON at
 * all is refused by the parser first: 400 MALFORMED_JSON). 202 once stored; see the service.
 */
@Controller('webhooks/ingest')
export class IngestWebhookHttpController {
  constructor(
    private readonly service: IngestWebhookService,
    @Inject(WEBHOOK_VERIFIER) private readonly verifier: WebhookVerifier,
  ) {}

  @Post()
  @HttpCode(202)
  @DescribeRoute({
    summary: 'Receive a signed webhook (Standard Webhooks): stored once, then published',
    headers: signatureHeadersSchema,
    body: webhookBody,
    responses: { 202: acceptedResponse },
    errors: [401, 422],
  })
  ingest(@Req() request: { body: unknown } & RawBodyRequest, @Headers() headers: SignatureHeaders): Promise<Accepted> {
    // Only the JSON parser keeps the signed bytes; a text/plain body would fail its signature
    // for a reason the sender could not see.
    if (!request.rawBody) {
      webhooksRejectedTotal.inc({ reason: 'unsupported_media_type' });
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A webhook body is JSON: Content-Type: application/json', {
        field: 'content-type',
      });
    }
    const rawBody = request.rawBody;
    const verified = verifiedOrThrow(this.verifier, headers, rawBody);
    let body: WebhookBody;
    try {
      body = validBody.transform(request.body);
    } catch (error) {
      webhooksRejectedTotal.inc({ reason: 'invalid_body' });
      throw error;
    }
    return this.service.ingest(verified, body, rawBody);
  }
}
