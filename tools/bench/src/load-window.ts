// The measurement window of a run: from the end of k6's setup() (+ --warmup) to k6's exit, per
// script. setup() seeds (argon2 registrations, logins) and must not be read as load: it
// inflated the DB p95 of a run before this existed. k6 does not report when setup() ended;
// the first series sample tagged with a scenario is the first iteration, so that is it.

export interface ScriptSpan {
  /** unix seconds k6 was started / exited (the harness's clock) */
  k6Start: number;
  k6End: number;
  /** first series sample with a scenario tag (whole seconds from k6's CSV); 0 = none seen */
  loadStart: number;
}

export interface Interval {
  start: number;
  end: number;
}

/** One interval per script: [first iteration + warmup, k6 exit]; k6 start when no iteration was seen. */
export function loadWindows(spans: ScriptSpan[], warmupSeconds = 0): Interval[] {
  return spans.map((s) => {
    const from = s.loadStart > 0 ? Math.max(s.loadStart, s.k6Start) : s.k6Start;
    const start = Math.min(from + Math.max(0, warmupSeconds), s.k6End);
    return { start, end: s.k6End };
  });
}

/** The points inside any interval. A rate() point looks back `lag` seconds, into setup(), so
 * an interval's points start `lag` later — unless the interval is not longer than that (a short
 * smoke run would have nothing left) or that leaves no point at all. */
export function pointsWithin(points: [number, number][], intervals: Interval[], lag = 0): [number, number][] {
  const inside = (l: number) =>
    points.filter(([t]) => intervals.some((i) => t >= (i.end - i.start > l ? i.start + l : i.start) && t <= i.end));
  const lagged = lag > 0 ? inside(lag) : [];
  return lagged.length ? lagged : inside(0);
}

/** The whole span the intervals cover (first start, last end). */
export function spanOf(intervals: Interval[]): Interval {
  return {
    start: Math.min(...intervals.map((i) => i.start)),
    end: Math.max(...intervals.map((i) => i.end)),
  };
}
