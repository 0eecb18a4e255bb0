import { counter } from '@perflab/observability';

// Domain counters only: HTTP RED (http_requests_total, http_request_duration_seconds_bucket,
// http_request_errors_total), db_*, kafka_messages_published_total and the outbox_* gauges
// come from the libs under the names 003 and the shared spec query.
export const webhooksAcceptedTotal = counter(
  'webhooks_accepted_total',
  'Webhooks answered 2xx, by source, event type and outcome (stored = first delivery, duplicate = a redelivery answered again)',
  ['source', 'type', 'outcome'],
);
export const webhooksRejectedTotal = counter(
  'webhooks_rejected_total',
  'Webhooks refused before storage, by reason (unsupported_media_type, missing_header, malformed_header, stale_timestamp, future_timestamp, bad_signature, invalid_body, id_reused)',
  ['reason'],
);
