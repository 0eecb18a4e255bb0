import { describe, expect, it } from 'vitest';
import { describeRounds, medianPair, roundByRound, signTestChance } from './compare-median';

describe('round by round', () => {
  it('pairs B with the A of its own round, so drift between rounds cancels', () => {
    // The machine slows through the run; B is ~5 % under its own round's A every time,
    // while the two sides' ranges overlap.
    const a = [100, 120, 140, 160];
    const b = [95, 114, 133, 152];
    const p = medianPair(a, b);
    expect(p.spreadB[1]).toBeGreaterThan(p.spreadA[0]);
    expect(p.rounds).toEqual({ lower: 4, higher: 0, n: 4 });
    expect(describeRounds(p.rounds)).toBe('lower in 4 of 4 (1 in 8 by chance)');
  });

  it('skips a round missing a value on either side, and counts both ways', () => {
    expect(roundByRound([1, NaN, 3, 4], [2, 1, 4, 3])).toEqual({ lower: 1, higher: 2, n: 3 });
    expect(describeRounds({ lower: 1, higher: 2, n: 3 })).toBe('lower in 1, higher in 2 of 3');
    expect(describeRounds({ lower: 0, higher: 3, n: 4 })).toBe('higher in 3 of 4 (1 in 4 by chance)');
    expect(describeRounds({ lower: 0, higher: 0, n: 2 })).toBe('equal in 2 of 2');
    expect(describeRounds(roundByRound([NaN], [1]))).toBe('not measured: no round with both sides');
  });

  it('gives the sign test’s two-sided chance of a split this lopsided under no difference', () => {
    expect(signTestChance({ lower: 4, higher: 0, n: 4 })).toBeCloseTo(0.125);
    expect(signTestChance({ lower: 3, higher: 1, n: 4 })).toBeCloseTo(0.625);
    expect(signTestChance({ lower: 8, higher: 0, n: 8 })).toBeCloseTo(1 / 128);
    expect(signTestChance({ lower: 2, higher: 2, n: 4 })).toBe(1);
    expect(signTestChance({ lower: 0, higher: 0, n: 3 })).toBe(1);
  });
});
