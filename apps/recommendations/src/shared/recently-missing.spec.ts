import { describe, expect, it } from 'vitest';
import { RecentlyMissing } from './recently-missing';

describe('RecentlyMissing', () => {
  it('remembers a missing id until its TTL ends', () => {
    const missing = new RecentlyMissing(1_000, 10);
    missing.add('P404', 0);
    expect(missing.has('P404', 999)).toBe(true);
    expect(missing.has('P404', 1_000)).toBe(false);
    expect(missing.size).toBe(0);
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const missing = new RecentlyMissing(1_000, 2);
    missing.add('a', 0);
    missing.add('b', 1);
    missing.add('c', 2);
    expect(missing.size).toBe(2);
    expect([missing.has('a', 3), missing.has('b', 3), missing.has('c', 3)]).toEqual([false, true, true]);
  });

  it('re-adding an id renews it and moves it to the back of the line', () => {
    const missing = new RecentlyMissing(1_000, 2);
    missing.add('a', 0);
    missing.add('b', 1);
    missing.add('a', 500);
    missing.add('c', 600);
    expect([missing.has('a', 1_400), missing.has('b', 700), missing.has('c', 700)]).toEqual([true, false, true]);
  });

  it('remembers nothing with a TTL of 0', () => {
    const off = new RecentlyMissing(0, 10);
    off.add('a', 0);
    expect(off.has('a', 0)).toBe(false);
  });
});
