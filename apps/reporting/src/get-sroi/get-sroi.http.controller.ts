import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { DescribeRoute } from '@perflab/openapi';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { REPORTING_CONFIG, type ReportingConfig } from '../reporting.config';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import { sroi, type SroiProxies } from './sroi';
import { sroiResponse, type SroiResponse } from './sroi.response';

@Controller('v1/metrics')
@UseGuards(AuthGuard)
export class GetSroiHttpController {
  private readonly proxies: SroiProxies;

  constructor(
    private readonly reports: ReportService,
    @Inject(REPORTING_CONFIG) config: ReportingConfig,
  ) {
    this.proxies = {
      valuePerHour: config.SROI_VALUE_PER_HOUR,
      valuePerOutcome: config.SROI_VALUE_PER_OUTCOME,
      costPerHour: config.SROI_COST_PER_HOUR,
      costPerSession: config.SROI_COST_PER_SESSION,
    };
  }

  /** Social return on investment over the range, with the proxies it used (README "SROI"). */
  @Get(':companyId/sroi')
  @DescribeRoute({
    summary: 'Social return on investment over the range, with the proxies it used',
    bearer: true,
    responses: { 200: sroiResponse },
    errors: [403],
  })
  async sroi(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<SroiResponse> {
    const range = this.reports.scope(user, companyId, query);
    const figures = await this.reports.figures(companyId, range);
    return { companyId, ...range, proxies: this.proxies, ...sroi(figures, this.proxies) };
  }
}
