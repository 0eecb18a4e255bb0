-- Idempotency-Key on create and batch (IETF draft semantics): one row per caller and key,
-- written in the transaction that stores the notifications, holding the request's hash and
-- the 202 it got, so a retry gets the same answer and never a second set of rows.
-- CreateTable
CREATE TABLE "idempotency_keys" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key")
);
