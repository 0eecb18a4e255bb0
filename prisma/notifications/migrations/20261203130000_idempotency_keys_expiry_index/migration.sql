-- Expired Idempotency-Key rows are deleted in batches by ExpiredIdempotencyKeysJob, found by expiry.
-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");
