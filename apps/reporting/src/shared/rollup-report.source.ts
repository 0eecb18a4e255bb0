import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../reporting.prisma';
import type { CohortActivity, CompanyFigures } from './company-figures';
import { monthOf, type DateRange } from './date-range.request';
import type { ReportSource } from './report-source';

/** Reads the rollup tables: one indexed range scan per table, whatever the raw volume. */
@Injectable()
export class RollupReportSource implements ReportSource {
  private readonly db: PrismaClient;

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  async figures(companyId: string, { from, to }: DateRange): Promise<CompanyFigures> {
    const rows = await this.db.$queryRaw<CompanyFigures[]>`
      WITH totals AS (
        SELECT coalesce(sum(sessions), 0)::int AS sessions, coalesce(sum(volunteer_hours), 0)::float8 AS hours,
          coalesce(sum(feedback_count), 0)::int AS feedback_count, coalesce(sum(feedback_score_sum), 0)::float8 AS score_sum
        FROM daily_company_metrics WHERE company_id = ${companyId} AND day BETWEEN ${from}::date AND ${to}::date
      ), volunteers AS (
        SELECT count(*)::int AS n FROM (SELECT DISTINCT volunteer_id FROM daily_volunteers
          WHERE company_id = ${companyId} AND day BETWEEN ${from}::date AND ${to}::date) v
      ), participants AS (
        -- a DISTINCT subquery hashes; count(DISTINCT) sorts (2× slower on the largest company, ADR 0011)
        SELECT count(*)::int AS n FROM (SELECT DISTINCT participant_id FROM daily_participants
          WHERE company_id = ${companyId} AND day BETWEEN ${from}::date AND ${to}::date) p
      ), retained AS (
        SELECT count(*)::int AS n FROM (
          SELECT volunteer_id FROM volunteer_months
          WHERE company_id = ${companyId} AND month BETWEEN ${monthOf(from)}::date AND ${monthOf(to)}::date
          GROUP BY volunteer_id HAVING count(*) >= 2) r
      )
      SELECT totals.sessions, totals.hours AS "volunteerHours", volunteers.n AS volunteers, participants.n AS participants,
        totals.feedback_count AS "feedbackCount", totals.score_sum AS "feedbackScoreSum", retained.n AS "retainedVolunteers"
      FROM totals, volunteers, participants, retained`;
    return rows[0];
  }

  cohortActivity(companyId: string, { from, to }: DateRange): Promise<CohortActivity[]> {
    return this.db.$queryRaw<CohortActivity[]>`
      SELECT c.first_month::text AS cohort, m.month::text AS month, count(*)::int AS volunteers
      FROM volunteer_cohorts c
      JOIN volunteer_months m ON m.company_id = c.company_id AND m.volunteer_id = c.volunteer_id
      WHERE c.company_id = ${companyId} AND c.first_month BETWEEN ${monthOf(from)}::date AND ${monthOf(to)}::date
        AND m.month <= ${monthOf(to)}::date
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }
}
