import { describe, expect, it } from 'vitest';
import { medianRange } from './stats';

describe('medianRange', () => {
  it('is the median of the values and their min–max', () => {
    expect(medianRange([1.33, 1.14, 1.2])).toEqual({ median: 1.2, min: 1.14, max: 1.33 });
    expect(medianRange([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('leaves out what was not measured (NaN, ±Infinity)', () => {
    expect(medianRange([NaN, 2, Infinity])).toEqual({ median: 2, min: 2, max: 2 });
  });

  it('is NaN throughout when nothing was measured', () => {
    expect(medianRange([])).toEqual({ median: NaN, min: NaN, max: NaN });
    expect(medianRange([NaN, -Infinity])).toEqual({ median: NaN, min: NaN, max: NaN });
  });
});
