import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { round } from '../shared/company-figures';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import { metricsResponse, type MetricsReport } from './metrics.response';

@Controller('v1/metrics')
@UseGuards(AuthGuard)
export class GetMetricsHttpController {
  constructor(private readonly reports: ReportService) {}

  /** The company's activity over the range (inclusive UTC days; default the last 365). */
  @Get(':companyId')
  @DescribeRoute({
    summary: "The company's sessions, hours, volunteers, participants and feedback over the range",
    bearer: true,
    responses: { 200: metricsResponse },
    errors: [403],
  })
  async metrics(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<MetricsReport> {
    const range = this.reports.scope(user, companyId, query);
    const f = await this.reports.figures(companyId, range);
    return {
      companyId,
      ...range,
      sessions: f.sessions,
      volunteerHours: round(f.volunteerHours),
      volunteers: f.volunteers,
      participants: f.participants,
      retainedVolunteers: f.retainedVolunteers,
      feedback: {
        count: f.feedbackCount,
        averageScore: f.feedbackCount > 0 ? round(f.feedbackScoreSum / f.feedbackCount) : null,
      },
    };
  }
}
