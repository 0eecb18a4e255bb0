import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@perflab/auth-guard';
import { cohortTable, type Cohort } from '../get-cohorts/cohort-table';
import { REPORT_SOURCE } from '../reporting.di-tokens';
import { REPORTING_CONFIG, type ReportingConfig } from '../reporting.config';
import { assertCanRead } from './access';
import type { CompanyFigures } from './company-figures';
import { monthOf, resolveDateRange, type DateRange, type DateRangeQuery } from './date-range.request';
import { ReportCache } from './report.cache';
import type { ReportSource } from './report-source';

/** What every report endpoint shares: who may read, which days, and the cached figures. */
@Injectable()
export class ReportService {
  constructor(
    @Inject(REPORT_SOURCE) private readonly source: ReportSource,
    private readonly cache: ReportCache,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  /** 403 unless the caller may read the company; then the range with its defaults filled in. */
  scope(user: AuthenticatedUser, companyId: string, query: DateRangeQuery): DateRange {
    assertCanRead(user, companyId);
    return resolveDateRange(query, {
      defaultDays: this.config.REPORT_DEFAULT_RANGE_DAYS,
      maxDays: this.config.REPORT_MAX_RANGE_DAYS,
    });
  }

  /** Shared by metrics, SROI and VIS: one cached entry serves all three. */
  figures(companyId: string, range: DateRange): Promise<CompanyFigures> {
    return this.cache.getOrLoad(companyId, `figures:${range.from}:${range.to}`, () =>
      this.source.figures(companyId, range),
    );
  }

  cohorts(companyId: string, range: DateRange): Promise<Cohort[]> {
    return this.cache.getOrLoad(companyId, `cohorts:${range.from}:${range.to}`, async () =>
      cohortTable(await this.source.cohortActivity(companyId, range), monthOf(range.to)),
    );
  }
}
