import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../reporting.prisma';
import type { CohortActivity, CompanyFigures } from './company-figures';
import { monthOf, type DateRange } from './date-range.request';
import type { ReportSource } from './report-source';

/** The day after, as the exclusive end of a timestamp range. */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the month after. */
function monthAfter(day: string): string {
  const d = new Date(`${monthOf(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Aggregates impact_events on every request (REPORT_SOURCE=raw): what a team without
 * pre-aggregation runs, kept as the compare's "before". Same semantics as the rollups:
 * UTC days and months.
 */
@Injectable()
export class RawReportSource implements ReportSource {
  private readonly db: PrismaClient;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  async figures(companyId: string, { from, to }: DateRange): Promise<CompanyFigures> {
    const start = `${from}T00:00:00Z`;
    const end = `${dayAfter(to)}T00:00:00Z`;
    const rows = await this.db.$queryRaw<CompanyFigures[]>`
      WITH sessions AS (
        SELECT count(*)::int AS sessions, coalesce(sum(volunteer_hours), 0)::float8 AS hours,
          count(DISTINCT volunteer_id)::int AS volunteers, count(DISTINCT participant_id)::int AS participants
        FROM impact_events WHERE company_id = ${companyId} AND kind = 'session'
          AND occurred_at >= ${start}::timestamptz AND occurred_at < ${end}::timestamptz
      ), feedback AS (
        SELECT count(*)::int AS n, coalesce(sum(score), 0)::float8 AS score_sum
        FROM impact_events WHERE company_id = ${companyId} AND kind = 'feedback'
          AND occurred_at >= ${start}::timestamptz AND occurred_at < ${end}::timestamptz
      ), retained AS (
        SELECT count(*)::int AS n FROM (
          SELECT volunteer_id FROM impact_events
          WHERE company_id = ${companyId} AND kind = 'session'
            AND occurred_at >= ${`${monthOf(from)}T00:00:00Z`}::timestamptz
            AND occurred_at < ${`${monthAfter(to)}T00:00:00Z`}::timestamptz
          GROUP BY volunteer_id HAVING count(DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')) >= 2) r
      )
      SELECT sessions.sessions, sessions.hours AS "volunteerHours", sessions.volunteers, sessions.participants,
        feedback.n AS "feedbackCount", feedback.score_sum AS "feedbackScoreSum", retained.n AS "retainedVolunteers"
      FROM sessions, feedback, retained`;
    return rows[0];
  }

  cohortActivity(companyId: string, { from, to }: DateRange): Promise<CohortActivity[]> {
    return this.db.$queryRaw<CohortActivity[]>`
      WITH active AS (
        SELECT volunteer_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month
        FROM impact_events WHERE company_id = ${companyId} AND kind = 'session'
        GROUP BY 1, 2
      ), first AS (
        SELECT volunteer_id, min(month) AS first_month FROM active GROUP BY 1
      )
      SELECT f.first_month::text AS cohort, a.month::text AS month, count(*)::int AS volunteers
      FROM first f JOIN active a USING (volunteer_id)
      WHERE f.first_month BETWEEN ${monthOf(from)}::date AND ${monthOf(to)}::date AND a.month <= ${monthOf(to)}::date
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }
}
