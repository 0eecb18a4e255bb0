-- Outbox rows their own contract refuses (@perflab/messaging's OutboxRelay moves them here, as
-- stored and with the error, so they never block the rows behind them). Same in every service.
-- CreateTable
CREATE TABLE "outbox_dead_letters" (
    "id" BIGINT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "error" TEXT NOT NULL,
    "dead_lettered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_dead_letters_pkey" PRIMARY KEY ("id")
);
