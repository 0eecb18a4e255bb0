import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff';

describe('backoffSeconds', () => {
  const policy = { freeFailures: 3, baseSeconds: 2, maxSeconds: 60 };

  it('allows the free failures without delay', () => {
    expect([0, 1, 2].map((n) => backoffSeconds(n, policy))).toEqual([0, 0, 0]);
  });

  it('doubles from the base after the free failures, up to the cap', () => {
    expect([3, 4, 5, 6, 7, 8].map((n) => backoffSeconds(n, policy))).toEqual([2, 4, 8, 16, 32, 60]);
    expect(backoffSeconds(10_000, policy)).toBe(60);
  });
});
