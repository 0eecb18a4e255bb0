import { describe, expect, it } from 'vitest';
import { dateRangeQuery, monthOf, resolveDateRange } from './date-range.request';

const limits = { defaultDays: 365, maxDays: 3660 };
const now = new Date('2026-11-23T15:00:00Z');

describe('date ranges', () => {
  it('defaults to the last defaultDays days up to today (UTC), both ends inclusive', () => {
    expect(resolveDateRange({}, limits, now)).toEqual({ from: '2025-11-24', to: '2026-11-23' });
    expect(resolveDateRange({ to: '2026-03-01' }, { ...limits, defaultDays: 1 }, now)).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
    });
  });

  it('refuses from after to (naming from) and a range over the maximum (naming to)', () => {
    expect(() => resolveDateRange({ from: '2026-02-02', to: '2026-02-01' }, limits, now)).toThrow(/must not be after/);
    expect(() => resolveDateRange({ from: '2026-01-01', to: '2026-01-31' }, { ...limits, maxDays: 30 }, now)).toThrow(
      /at most 30 days/,
    );
    expect(resolveDateRange({ from: '2026-01-01', to: '2026-01-30' }, { ...limits, maxDays: 30 }, now).to).toBe(
      '2026-01-30',
    );
  });

  it('accepts calendar dates only, and no other parameter', () => {
    expect(dateRangeQuery.safeParse({ from: '2024-02-29' }).success).toBe(true);
    for (const from of ['2026-02-29', '2026-1-01', '2026-01-01T00:00:00Z', ' 2026-01-01']) {
      expect(dateRangeQuery.safeParse({ from }).success, from).toBe(false);
    }
    expect(dateRangeQuery.safeParse({ since: '2026-01-01' }).success).toBe(false);
  });

  it('names the month a day falls in', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03-01');
  });
});
