import { round, type CohortActivity } from '../shared/company-figures';

export interface Cohort {
  /** The month of the cohort's first sessions, YYYY-MM. */
  cohort: string;
  /** Volunteers whose first session was in that month. */
  size: number;
  /** Month 0 is the cohort's own month (always 1.0); month k, k months later, up to the range's last month. */
  retention: { month: number; active: number; rate: number }[];
}

function monthIndex(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

/**
 * Cohorts by month of first session with retention over the following months: for each
 * cohort, the share of its volunteers with a session k months later, for every k up to
 * `lastMonth` (months without activity are 0, not missing).
 */
export function cohortTable(cells: CohortActivity[], lastMonth: string): Cohort[] {
  const byCohort = new Map<string, Map<number, number>>();
  for (const cell of cells) {
    const offset = monthIndex(cell.month) - monthIndex(cell.cohort);
    if (offset < 0) continue; // cannot happen with consistent data; never a negative month
    const months = byCohort.get(cell.cohort) ?? new Map<number, number>();
    months.set(offset, (months.get(offset) ?? 0) + cell.volunteers);
    byCohort.set(cell.cohort, months);
  }
  const last = monthIndex(lastMonth);
  return [...byCohort.keys()].sort().map((cohort) => {
    const months = byCohort.get(cohort)!;
    const size = months.get(0) ?? 0;
    const span = Math.max(0, last - monthIndex(cohort));
    const retention = Array.from({ length: span + 1 }, (_, month) => {
      const active = months.get(month) ?? 0;
      return { month, active, rate: size > 0 ? round(active / size, 4) : 0 };
    });
    return { cohort: cohort.slice(0, 7), size, retention };
  });
}
