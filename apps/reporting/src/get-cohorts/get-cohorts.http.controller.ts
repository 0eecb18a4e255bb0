import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import { cohortsResponse, type CohortsResponse } from './cohorts.response';

@Controller('v1/cohort')
@UseGuards(AuthGuard)
export class GetCohortsHttpController {
  constructor(private readonly reports: ReportService) {}

  /** Every cohort whose first session month falls in the range, with retention up to the range's last month. */
  @Get(':companyId/all')
  @DescribeRoute({
    summary: 'Every cohort whose first session month falls in the range, with its monthly retention',
    bearer: true,
    responses: { 200: cohortsResponse },
    errors: [403],
  })
  async all(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<CohortsResponse> {
    const range = this.reports.scope(user, companyId, query);
    return { companyId, ...range, cohorts: await this.reports.cohorts(companyId, range) };
  }
}
