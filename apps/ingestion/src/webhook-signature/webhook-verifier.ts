import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSource } from './webhook-sources';

/** The three Standard Webhooks headers, as received (Fastify lower-cases names). */
export interface SignatureHeaders {
  'webhook-id'?: string | string[];
  'webhook-timestamp'?: string | string[];
  'webhook-signature'?: string | string[];
}

export type VerifyFailure =
  | { reason: 'missing_header'; header: keyof SignatureHeaders }
  | { reason: 'malformed_header'; header: keyof SignatureHeaders }
  | { reason: 'stale_timestamp' | 'future_timestamp' }
  | { reason: 'bad_signature' };

export type Verified = { ok: true; source: string; id: string; timestamp: number };
export type VerifyResult = Verified | ({ ok: false } & VerifyFailure);

/** What a sender may put in `webhook-id`: the contract's eventId (1 to 64 visible ASCII characters). */
const WEBHOOK_ID = /^[\x21-\x7e]{1,64}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
/** More than this many signatures in one header is not a rotation; it bounds the work per request. */
const MAX_SIGNATURES = 8;
const SIGNATURE_BYTES = 32;

/**
 * Standard Webhooks verification (standard-webhooks/standard-webhooks spec): the signed content
 * is `{webhook-id}.{webhook-timestamp}.{raw body}`, HMAC-SHA256 with the source's key, sent as
 * `v1,<base64>`; several space-separated signatures are allowed (key rotation), any v1 match
 * verifies; comparisons are constant-time; timestamps further than the tolerance from now are
 * refused (replays). The source is the one whose key verifies (keys are unique per source).
 *
 * Not the `standardwebhooks` package's Webhook.verify: it hashes in JavaScript (fast-sha256),
 * re-decodes the body to a string before hashing, checks one secret per call, and reports every
 * failure as one error type; node:crypto does the same check natively over the raw bytes. The
 * package signs the integration tests' requests, so both implementations are held to agree.
 */
export class WebhookVerifier {
  constructor(
    private readonly sources: readonly WebhookSource[],
    private readonly toleranceSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  verify(headers: SignatureHeaders, rawBody: Buffer): VerifyResult {
    const id = single(headers['webhook-id']);
    const timestamp = single(headers['webhook-timestamp']);
    const signature = single(headers['webhook-signature']);
    if (id === undefined) return { ok: false, reason: 'missing_header', header: 'webhook-id' };
    if (timestamp === undefined) return { ok: false, reason: 'missing_header', header: 'webhook-timestamp' };
    if (signature === undefined) return { ok: false, reason: 'missing_header', header: 'webhook-signature' };
    if (!WEBHOOK_ID.test(id)) return { ok: false, reason: 'malformed_header', header: 'webhook-id' };
    if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed_header', header: 'webhook-timestamp' };

    const seconds = Number(timestamp);
    const nowSeconds = Math.floor(this.now() / 1000);
    if (nowSeconds - seconds > this.toleranceSeconds) return { ok: false, reason: 'stale_timestamp' };
    if (seconds - nowSeconds > this.toleranceSeconds) return { ok: false, reason: 'future_timestamp' };

    const offered = offeredSignatures(signature);
    if (offered.length === 0) return { ok: false, reason: 'malformed_header', header: 'webhook-signature' };
    const signedPrefix = `${id}.${timestamp}.`;
    for (const source of this.sources) {
      for (const key of source.keys) {
        const expected = createHmac('sha256', key).update(signedPrefix).update(rawBody).digest();
        // Every offered signature is compared, matched or not: the time taken says nothing about which.
        let match = false;
        for (const candidate of offered) match = timingSafeEqual(candidate, expected) || match;
        if (match) return { ok: true, source: source.name, id, timestamp: seconds };
      }
    }
    return { ok: false, reason: 'bad_signature' };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.length === 0 ? undefined : text;
}

/** The decoded `v1,` signatures of the header (other versions are skipped, as the spec asks). */
function offeredSignatures(header: string): Buffer[] {
  const decoded: Buffer[] = [];
  for (const part of header.split(' ').slice(0, MAX_SIGNATURES)) {
    const comma = part.indexOf(',');
    if (comma < 0 || part.slice(0, comma) !== 'v1') continue;
    const bytes = Buffer.from(part.slice(comma + 1), 'base64');
    if (bytes.length === SIGNATURE_BYTES) decoded.push(bytes);
  }
  return decoded;
}
