import type { CohortActivity, CompanyFigures } from './company-figures';
import type { DateRange } from './date-range.request';

/**
 * Where the reports' numbers come from (REPORT_SOURCE): the rollups the consumer keeps
 * current, or the raw events aggregated per request. Both answer the same numbers for the
 * same data (the integration test checks it); only the cost differs.
 */
export interface ReportSource {
  figures(companyId: string, range: DateRange): Promise<CompanyFigures>;
  /** Cohorts whose first month falls in the range, with their activity up to the range's last month. */
  cohortActivity(companyId: string, range: DateRange): Promise<CohortActivity[]>;
}
