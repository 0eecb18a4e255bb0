import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles per attempt and caps at the maximum', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 1_000, mid))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('jitters within ±20 %', () => {
    expect(backoffDelay(1, 100, 1_000, () => 0)).toBe(80);
    expect(backoffDelay(1, 100, 1_000, () => 1)).toBe(120);
  });
});
