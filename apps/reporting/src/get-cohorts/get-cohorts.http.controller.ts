import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import type { Cohort } from './cohort-table';

@Controller('v1/cohort')
@UseGuards(AuthGuard)
export class GetCohortsHttpController {
  constructor(private readonly reports: ReportService) {}

  /** Every cohort whose first session month falls in the range, with retention up to the range's last month. */
  @Get(':companyId/all')
  async all(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<{ companyId: string; from: string; to: string; cohorts: Cohort[] }> {
    const range = this.reports.scope(user, companyId, query);
    return { companyId, ...range, cohorts: await this.reports.cohorts(companyId, range) };
  }
}
