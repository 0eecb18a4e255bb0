-- CreateTable
CREATE TABLE "unread_counts" (
    "user_id" UUID NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "unread_counts_pkey" PRIMARY KEY ("user_id")
);

-- Backfill from the rows already there (what the count per request used to compute).
INSERT INTO "unread_counts" ("user_id", "count")
SELECT "user_id", count(*)::int FROM "notifications"
WHERE "status" = 'SENT' AND "read_at" IS NULL
GROUP BY "user_id";
