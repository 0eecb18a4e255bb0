-- Transactional outbox (@perflab/messaging's OutboxRelay): notification.requested.v1 rows are
-- written in the statement that makes a notification PENDING, and deleted once Kafka
-- acknowledged them. Same columns in every service's schema.
-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- Rows accepted before this migration were published from the request; any still PENDING may
-- never have reached Kafka. Queue them once more: a duplicate is skipped by the claim.
INSERT INTO "outbox_events" ("topic", "key", "payload", "headers")
SELECT 'notification.requested.v1', n.user_id::text,
  jsonb_build_object('notificationId', n.id::text, 'userId', n.user_id::text, 'type', n.type,
    'channel', n.channel::text, 'title', n.title, 'body', n.body,
    'requestedAt', to_char(n.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  || CASE WHEN n.data IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('data', n.data) END
  || CASE WHEN n.correlation_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('correlationId', n.correlation_id) END,
  CASE WHEN n.correlation_id IS NULL THEN NULL ELSE jsonb_build_object('x-correlation-id', n.correlation_id) END
FROM "notifications" n
WHERE n.status = 'PENDING'
ORDER BY n.created_at;
