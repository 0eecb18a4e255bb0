import { describe, expect, it } from 'vitest';
import { loadWindows, pointsWithin, spanOf } from './load-window';

describe('loadWindows', () => {
  it('starts each script at its first iteration (after setup()), ends at k6 exit', () => {
    const w = loadWindows([
      { k6Start: 1000, k6End: 1060, loadStart: 1012 }, // 12 s of setup() seeding
      { k6Start: 1070, k6End: 1100, loadStart: 1071 },
    ]);
    expect(w).toEqual([
      { start: 1012, end: 1060 },
      { start: 1071, end: 1100 },
    ]);
  });

  it('adds the warm-up after setup(), not after process start', () => {
    expect(loadWindows([{ k6Start: 1000, k6End: 1060, loadStart: 1012 }], 15)).toEqual([{ start: 1027, end: 1060 }]);
  });

  it('falls back to k6 start when no iteration was seen, and never starts after the end', () => {
    expect(loadWindows([{ k6Start: 1000, k6End: 1010, loadStart: 0 }])).toEqual([{ start: 1000, end: 1010 }]);
    expect(loadWindows([{ k6Start: 1000, k6End: 1010, loadStart: 1005 }], 30)).toEqual([{ start: 1010, end: 1010 }]);
  });

  it('never starts before k6 did (whole-second CSV timestamps round down)', () => {
    expect(loadWindows([{ k6Start: 1000.7, k6End: 1010, loadStart: 1000 }])).toEqual([{ start: 1000.7, end: 1010 }]);
  });
});

describe('pointsWithin', () => {
  const points: [number, number][] = [1000, 1005, 1010, 1015, 1020, 1025, 1030, 1035, 1040].map((t) => [t, t - 1000]);

  it('keeps only points inside a window, so setup() and the gap between scripts are left out', () => {
    const kept = pointsWithin(
      points,
      [
        { start: 1004, end: 1016 },
        { start: 1030, end: 1036 },
      ],
      0,
    );
    expect(kept.map(([t]) => t)).toEqual([1005, 1010, 1015, 1030, 1035]);
  });

  it('moves the start by the rate window so a rate() point does not look back into setup()', () => {
    expect(pointsWithin(points, [{ start: 1000, end: 1040 }], 20).map(([t]) => t)).toEqual([
      1020, 1025, 1030, 1035, 1040,
    ]);
  });

  it('drops the lag when the window is shorter than it (a smoke run still has numbers)', () => {
    expect(pointsWithin(points, [{ start: 1010, end: 1020 }], 20).map(([t]) => t)).toEqual([1010, 1015, 1020]);
  });
});

describe('spanOf', () => {
  it('covers every window', () => {
    expect(
      spanOf([
        { start: 1012, end: 1060 },
        { start: 1071, end: 1100 },
      ]),
    ).toEqual({ start: 1012, end: 1100 });
  });
});
