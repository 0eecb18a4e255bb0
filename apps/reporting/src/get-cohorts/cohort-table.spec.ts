import { describe, expect, it } from 'vitest';
import { cohortTable } from './cohort-table';

describe('cohortTable', () => {
  it('turns cohort × month counts into retention by month offset, zeros included', () => {
    const cells = [
      { cohort: '2026-01-01', month: '2026-01-01', volunteers: 4 },
      { cohort: '2026-01-01', month: '2026-02-01', volunteers: 2 },
      { cohort: '2026-01-01', month: '2026-04-01', volunteers: 1 },
      { cohort: '2026-03-01', month: '2026-03-01', volunteers: 2 },
    ];
    expect(cohortTable(cells, '2026-04-01')).toEqual([
      {
        cohort: '2026-01',
        size: 4,
        retention: [
          { month: 0, active: 4, rate: 1 },
          { month: 1, active: 2, rate: 0.5 },
          { month: 2, active: 0, rate: 0 },
          { month: 3, active: 1, rate: 0.25 },
        ],
      },
      {
        cohort: '2026-03',
        size: 2,
        retention: [
          { month: 0, active: 2, rate: 1 },
          { month: 1, active: 0, rate: 0 },
        ],
      },
    ]);
  });

  it('crosses a year boundary', () => {
    const cells = [
      { cohort: '2025-12-01', month: '2025-12-01', volunteers: 3 },
      { cohort: '2025-12-01', month: '2026-01-01', volunteers: 1 },
    ];
    expect(cohortTable(cells, '2026-01-01')[0].retention).toEqual([
      { month: 0, active: 3, rate: 1 },
      { month: 1, active: 1, rate: 0.3333 },
    ]);
  });
});
