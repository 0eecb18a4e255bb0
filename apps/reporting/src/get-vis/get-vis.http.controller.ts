import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import { vis } from './vis';
import { visResponse, type VisResponse } from './vis.response';

@Controller('v1/metrics')
@UseGuards(AuthGuard)
export class GetVisHttpController {
  constructor(private readonly reports: ReportService) {}

  /** The volunteer impact score over the range, 0–100, with its components (README "VIS"). */
  @Get(':companyId/vis')
  @DescribeRoute({
    summary: 'The volunteer impact score over the range, 0–100, with its components',
    bearer: true,
    responses: { 200: visResponse },
    errors: [403],
  })
  async vis(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<VisResponse> {
    const range = this.reports.scope(user, companyId, query);
    return { companyId, ...range, ...vis(await this.reports.figures(companyId, range)) };
  }
}
