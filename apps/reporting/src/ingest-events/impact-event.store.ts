import { Inject, Injectable } from '@nestjs/common';
import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../reporting.prisma';

/**
 * Stores events and brings the rollups up to date in one statement: the raw insert is the
 * idempotency gate (ON CONFLICT on the event id), and every rollup insert reads from its
 * RETURNING rows, so a duplicate changes nothing and a stored event is counted exactly once,
 * atomically. Days and months are UTC.
 *
 * Several events go in one statement only when they belong to different companies (the
 * caller's job: see BatchedEventWriter): an upsert may not touch one rollup row twice in a
 * statement, and every rollup row belongs to one company.
 */
@Injectable()
export class ImpactEventStore {
  private readonly db: PrismaClient;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  /** The event ids stored now (the others were already there). */
  async storeSessions(events: SessionCompleted[]): Promise<Set<string>> {
    const rows = events.map((e) => ({
      event_id: e.eventId,
      company_id: e.companyId,
      occurred_at: e.completedAt,
      session_id: e.sessionId,
      participant_id: e.participantId,
      volunteer_id: e.volunteerId,
      programme: e.programme,
      duration_minutes: e.durationMinutes,
      volunteer_hours: e.volunteerHours,
      source: e.source,
      received_at: e.receivedAt,
    }));
    const stored = await this.db.$queryRaw<{ event_id: string }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(event_id text, company_id text,
          occurred_at timestamptz, session_id text, participant_id text, volunteer_id text, programme text,
          duration_minutes int, volunteer_hours numeric, source text, received_at timestamptz)
      ), ins AS (
        INSERT INTO impact_events (event_id, company_id, kind, occurred_at, session_id, participant_id, volunteer_id,
          programme, duration_minutes, volunteer_hours, source, received_at)
        SELECT event_id, company_id, 'session', occurred_at, session_id, participant_id, volunteer_id, programme,
          duration_minutes, volunteer_hours, source, received_at FROM input
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id, company_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, volunteer_id, participant_id,
          volunteer_hours
      ), daily AS (
        INSERT INTO daily_company_metrics AS d (company_id, day, sessions, volunteer_hours)
        SELECT company_id, day, 1, volunteer_hours FROM ins
        ON CONFLICT (company_id, day) DO UPDATE
          SET sessions = d.sessions + 1, volunteer_hours = d.volunteer_hours + EXCLUDED.volunteer_hours
      ), volunteers AS (
        INSERT INTO daily_volunteers (company_id, day, volunteer_id) SELECT company_id, day, volunteer_id FROM ins
        ON CONFLICT DO NOTHING
      ), participants AS (
        INSERT INTO daily_participants (company_id, day, participant_id) SELECT company_id, day, participant_id FROM ins
        ON CONFLICT DO NOTHING
      ), months AS (
        INSERT INTO volunteer_months AS m (company_id, volunteer_id, month, sessions)
        SELECT company_id, volunteer_id, date_trunc('month', day)::date, 1 FROM ins
        ON CONFLICT (company_id, volunteer_id, month) DO UPDATE SET sessions = m.sessions + 1
      ), cohorts AS (
        -- an earlier session arriving late moves the volunteer to the earlier cohort
        INSERT INTO volunteer_cohorts AS c (company_id, volunteer_id, first_month)
        SELECT company_id, volunteer_id, date_trunc('month', day)::date FROM ins
        ON CONFLICT (company_id, volunteer_id) DO UPDATE SET first_month = EXCLUDED.first_month
          WHERE EXCLUDED.first_month < c.first_month
      )
      SELECT event_id FROM ins`;
    return new Set(stored.map((r) => r.event_id));
  }

  /** The event ids stored now (the others were already there). */
  async storeFeedback(events: FeedbackReceived[]): Promise<Set<string>> {
    const rows = events.map((e) => ({
      event_id: e.eventId,
      company_id: e.companyId,
      occurred_at: e.submittedAt,
      session_id: e.sessionId,
      participant_id: e.participantId,
      score: e.score,
      source: e.source,
      received_at: e.receivedAt,
    }));
    const stored = await this.db.$queryRaw<{ event_id: string }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(event_id text, company_id text,
          occurred_at timestamptz, session_id text, participant_id text, score smallint, source text,
          received_at timestamptz)
      ), ins AS (
        INSERT INTO impact_events (event_id, company_id, kind, occurred_at, session_id, participant_id, score, source, received_at)
        SELECT event_id, company_id, 'feedback', occurred_at, session_id, participant_id, score, source, received_at FROM input
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id, company_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, score
      ), daily AS (
        INSERT INTO daily_company_metrics AS d (company_id, day, feedback_count, feedback_score_sum)
        SELECT company_id, day, 1, score FROM ins
        ON CONFLICT (company_id, day) DO UPDATE
          SET feedback_count = d.feedback_count + 1, feedback_score_sum = d.feedback_score_sum + EXCLUDED.feedback_score_sum
      )
      SELECT event_id FROM ins`;
    return new Set(stored.map((r) => r.event_id));
  }
}
