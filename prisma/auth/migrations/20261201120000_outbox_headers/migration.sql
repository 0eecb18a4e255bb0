-- The outbox is @perflab/messaging's (OutboxRelay): every service's outbox_events has the same
-- columns. Headers travel with the event (e.g. a correlation id).
ALTER TABLE "outbox_events" ADD COLUMN "headers" JSONB;
