import { describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE } from '../shared/worked-example.fixture';
import { vis } from './vis';

describe('vis', () => {
  it('computes the README worked example', () => {
    // hours 25/4/20 = 0.3125, reach 12/4/5 = 0.6, feedback (8−1)/9 = 0.778, retention 1/4 = 0.25
    // 100 × (0.3 × 0.3125 + 0.2 × 0.6 + 0.3 × 0.7778 + 0.2 × 0.25) = 49.7
    expect(vis(WORKED_EXAMPLE)).toEqual({
      score: 49.7,
      components: { hours: 0.313, reach: 0.6, feedback: 0.778, retention: 0.25 },
    });
  });

  it('is 0 without volunteers or feedback', () => {
    const empty = { ...WORKED_EXAMPLE, sessions: 0, volunteerHours: 0, volunteers: 0, participants: 0 };
    expect(vis({ ...empty, feedbackCount: 0, feedbackScoreSum: 0, retainedVolunteers: 0 }).score).toBe(0);
  });

  it('caps every component at full marks: 100 at most', () => {
    const best = {
      sessions: 100,
      volunteerHours: 1_000,
      volunteers: 2,
      participants: 500,
      feedbackCount: 5,
      feedbackScoreSum: 50,
      retainedVolunteers: 2,
    };
    expect(vis(best)).toEqual({ score: 100, components: { hours: 1, reach: 1, feedback: 1, retention: 1 } });
  });
});
