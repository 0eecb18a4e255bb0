-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "reporting";

-- CreateTable
CREATE TABLE "impact_events" (
    "event_id" TEXT NOT NULL,
    "company_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "session_id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "volunteer_id" TEXT,
    "programme" TEXT,
    "duration_minutes" INTEGER,
    "volunteer_hours" DECIMAL(8,4),
    "score" SMALLINT,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "impact_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "daily_company_metrics" (
    "company_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "volunteer_hours" DECIMAL(14,4) NOT NULL DEFAULT 0,
    "feedback_count" INTEGER NOT NULL DEFAULT 0,
    "feedback_score_sum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_company_metrics_pkey" PRIMARY KEY ("company_id","day")
);

-- CreateTable
CREATE TABLE "daily_volunteers" (
    "company_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "volunteer_id" TEXT NOT NULL,

    CONSTRAINT "daily_volunteers_pkey" PRIMARY KEY ("company_id","day","volunteer_id")
);

-- CreateTable
CREATE TABLE "daily_participants" (
    "company_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "participant_id" TEXT NOT NULL,

    CONSTRAINT "daily_participants_pkey" PRIMARY KEY ("company_id","day","participant_id")
);

-- CreateTable
CREATE TABLE "volunteer_months" (
    "company_id" TEXT NOT NULL,
    "volunteer_id" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "sessions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "volunteer_months_pkey" PRIMARY KEY ("company_id","volunteer_id","month")
);

-- CreateTable
CREATE TABLE "volunteer_cohorts" (
    "company_id" TEXT NOT NULL,
    "volunteer_id" TEXT NOT NULL,
    "first_month" DATE NOT NULL,

    CONSTRAINT "volunteer_cohorts_pkey" PRIMARY KEY ("company_id","volunteer_id")
);

-- CreateIndex
CREATE INDEX "impact_events_company_kind_occurred_idx" ON "impact_events"("company_id", "kind", "occurred_at");

-- CreateIndex
CREATE INDEX "volunteer_cohorts_company_first_month_idx" ON "volunteer_cohorts"("company_id", "first_month");
