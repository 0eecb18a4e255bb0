import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIES, WORKED_EXAMPLE } from '../shared/worked-example.fixture';
import { sroi } from './sroi';

describe('sroi', () => {
  it('computes the README worked example', () => {
    // value 25 × 34.79 + (24 / 10) × 50 = 869.75 + 120 = 989.75; investment 25 × 12 + 10 × 5 = 350
    expect(sroi(WORKED_EXAMPLE, DEFAULT_PROXIES)).toEqual({
      outcomeUnits: 2.4,
      socialValue: { volunteering: 869.75, outcomes: 120, total: 989.75 },
      investment: 350,
      ratio: 2.83,
    });
  });

  it('has no ratio when nothing was invested', () => {
    const none = { ...WORKED_EXAMPLE, sessions: 0, volunteerHours: 0, feedbackScoreSum: 0, feedbackCount: 0 };
    expect(sroi(none, DEFAULT_PROXIES)).toMatchObject({ investment: 0, ratio: null });
  });

  it('counts outcomes by score share: one 10 is worth two 5s', () => {
    const proxies = { valuePerHour: 0, valuePerOutcome: 100, costPerHour: 0, costPerSession: 1 };
    const one10 = sroi({ ...WORKED_EXAMPLE, feedbackCount: 1, feedbackScoreSum: 10 }, proxies);
    const two5s = sroi({ ...WORKED_EXAMPLE, feedbackCount: 2, feedbackScoreSum: 10 }, proxies);
    expect(one10.socialValue.outcomes).toBe(100);
    expect(two5s.socialValue.outcomes).toBe(100);
  });
});
