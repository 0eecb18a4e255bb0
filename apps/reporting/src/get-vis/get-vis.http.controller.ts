import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentUser, type AuthenticatedUser } from '@perflab/auth-guard';
import { ValidatedParams, ValidatedQuery } from '@perflab/runtime';
import { companyParams, dateRangeQuery, type CompanyParams, type DateRangeQuery } from '../shared/date-range.request';
import { ReportService } from '../shared/report.service';
import { vis, type VisReport } from './vis';

@Controller('v1/metrics')
@UseGuards(AuthGuard)
export class GetVisHttpController {
  constructor(private readonly reports: ReportService) {}

  /** The volunteer impact score over the range, 0–100, with its components (README "VIS"). */
  @Get(':companyId/vis')
  async vis(
    @CurrentUser() user: AuthenticatedUser,
    @ValidatedParams(companyParams) { companyId }: CompanyParams,
    @ValidatedQuery(dateRangeQuery) query: DateRangeQuery,
  ): Promise<{ companyId: string; from: string; to: string } & VisReport> {
    const range = this.reports.scope(user, companyId, query);
    return { companyId, ...range, ...vis(await this.reports.figures(companyId, range)) };
  }
}
