// The ingestion service's SQL, free of imports so the bare baseline (load-tests/baselines/ingestion.ts)
// runs the very same text.

/**
 * One statement stores the webhook and queues its event (the transactional outbox): the outbox
 * row is selected from the rows actually inserted, so a redelivery (same source and webhook-id,
 * ON CONFLICT DO NOTHING) queues nothing and reads the first delivery's row instead.
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

/** The row a first delivery stored (after a concurrent insert of the same key). */
export const FIND_WEBHOOK_SQL = `SELECT received_at AS "receivedAt", payload_hash AS "payloadHash", false AS stored
  FROM webhook_events WHERE source = $1 AND webhook_id = $2`;

/** A delivery's status; published = its event no longer waits in the outbox (the outbox is small: a scan is cheap). */
export const WEBHOOK_STATUS_SQL = `SELECT w.type, w.received_at AS "receivedAt", NOT EXISTS (
    SELECT 1 FROM outbox_events o WHERE o.payload->>'eventId' = w.webhook_id AND o.payload->>'source' = w.source
  ) AS published
  FROM webhook_events w WHERE w.source = $1 AND w.webhook_id = $2`;

/**
 * STORE_WEBHOOK_SQL for many webhooks at once (INGEST_BATCH_MAX > 0): `$1` is a JSON array of
 * rows with distinct (source, webhook_id); `payload` and `event` are JSON texts, carried as strings (the
 * request path neither parses nor re-serialises them). The answer has one row per input key, in no order.
 */
export const STORE_WEBHOOKS_SQL = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      ord int, source text, webhook_id text, type text, company_id text, payload text, payload_hash text,
      sent_at double precision, received_at timestamptz, topic text, key text, event text)
  ), inserted AS (
    INSERT INTO webhook_events (source, webhook_id, type, company_id, payload, payload_hash, sent_at, received_at)
    SELECT source, webhook_id, type, company_id, payload::jsonb, payload_hash, to_timestamp(sent_at), received_at
    FROM input ORDER BY ord
    ON CONFLICT (source, webhook_id) DO NOTHING
    RETURNING source, webhook_id, received_at, payload_hash
  ), outboxed AS (
    INSERT INTO outbox_events (topic, key, payload, headers)
    SELECT i.topic, i.key, i.event::jsonb, NULL FROM input i JOIN inserted n USING (source, webhook_id) ORDER BY i.ord
  )
  SELECT source, webhook_id AS "webhookId", received_at AS "receivedAt", payload_hash AS "payloadHash", true AS stored
  FROM inserted
  UNION ALL
  SELECT w.source, w.webhook_id, w.received_at, w.payload_hash, false
  FROM webhook_events w JOIN input i USING (source, webhook_id)
  WHERE NOT EXISTS (SELECT 1 FROM inserted n WHERE n.source = w.source AND n.webhook_id = w.webhook_id)`;
