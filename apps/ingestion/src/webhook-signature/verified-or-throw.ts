import { ApiError } from '@perflab/runtime';
import { webhooksRejectedTotal } from '../ingestion.metrics';
import type { SignatureHeaders, Verified, VerifyFailure, WebhookVerifier } from './webhook-verifier';

/** Verifies a request's Standard Webhooks signature, or throws the error its sender should see. */
export function verifiedOrThrow(verifier: WebhookVerifier, headers: SignatureHeaders, rawBody: Buffer): Verified {
  const result = verifier.verify(headers, rawBody);
  if (result.ok) return result;
  webhooksRejectedTotal.inc({ reason: result.reason });
  throw errorFor(result);
}

function errorFor(failure: VerifyFailure): ApiError {
  switch (failure.reason) {
    case 'missing_header':
      return new ApiError(401, 'WEBHOOK_HEADER_MISSING', `The ${failure.header} header is required`, {
        field: failure.header,
      });
    case 'malformed_header':
      return new ApiError(400, 'WEBHOOK_HEADER_INVALID', `The ${failure.header} header is malformed`, {
        field: failure.header,
      });
    case 'stale_timestamp':
    case 'future_timestamp':
      return new ApiError(
        401,
        'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
        `webhook-timestamp is too far in the ${failure.reason === 'stale_timestamp' ? 'past' : 'future'}`,
        { field: 'webhook-timestamp' },
      );
    case 'bad_signature':
      return new ApiError(401, 'WEBHOOK_SIGNATURE_INVALID', 'No signature matches a known secret', {
        field: 'webhook-signature',
      });
  }
}
