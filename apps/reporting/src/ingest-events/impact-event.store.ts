import { Inject, Injectable } from '@nestjs/common';
import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../reporting.prisma';

/**
 * Stores an event and brings the rollups up to date in one statement: the raw insert is
 * the idempotency gate (ON CONFLICT on the event id), and every rollup insert reads from
 * its RETURNING rows, so a duplicate changes nothing and a stored event is counted exactly
 * once, atomically. Days and months are UTC.
 */
@Injectable()
export class ImpactEventStore {
  private readonly db: PrismaClient;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  /** True when stored, false when the event id was already there. */
  async storeSession(e: SessionCompleted): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ stored: number }[]>`
      WITH ins AS (
        INSERT INTO impact_events (event_id, company_id, kind, occurred_at, session_id, participant_id, volunteer_id,
          programme, duration_minutes, volunteer_hours, source, received_at)
        VALUES (${e.eventId}, ${e.companyId}, 'session', ${e.completedAt}::timestamptz, ${e.sessionId}, ${e.participantId},
          ${e.volunteerId}, ${e.programme}, ${e.durationMinutes}::int, ${e.volunteerHours}::numeric, ${e.source},
          ${e.receivedAt}::timestamptz)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING company_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, volunteer_id, participant_id, volunteer_hours
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
      SELECT count(*)::int AS stored FROM ins`;
    return rows[0].stored === 1;
  }

  /** True when stored, false when the event id was already there. */
  async storeFeedback(e: FeedbackReceived): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ stored: number }[]>`
      WITH ins AS (
        INSERT INTO impact_events (event_id, company_id, kind, occurred_at, session_id, participant_id, score, source, received_at)
        VALUES (${e.eventId}, ${e.companyId}, 'feedback', ${e.submittedAt}::timestamptz, ${e.sessionId}, ${e.participantId},
          ${e.score}::smallint, ${e.source}, ${e.receivedAt}::timestamptz)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING company_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, score
      ), daily AS (
        INSERT INTO daily_company_metrics AS d (company_id, day, feedback_count, feedback_score_sum)
        SELECT company_id, day, 1, score FROM ins
        ON CONFLICT (company_id, day) DO UPDATE
          SET feedback_count = d.feedback_count + 1, feedback_score_sum = d.feedback_score_sum + EXCLUDED.feedback_score_sum
      )
      SELECT count(*)::int AS stored FROM ins`;
    return rows[0].stored === 1;
  }
}
