/** Percentile with linear interpolation between closest ranks (what k6 reports). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0];
  const idx = (n - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo);
}

export interface Dist {
  count: number;
  avg: number;
  min: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export function distOf(values: number[]): Dist {
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    avg: s.length ? sum / s.length : NaN,
    min: s.length ? s[0] : NaN,
    p50: percentile(s, 0.5),
    p75: percentile(s, 0.75),
    p90: percentile(s, 0.9),
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    p999: percentile(s, 0.999),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

export function median(values: number[]): number {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return percentile(s, 0.5);
}

export interface MedianRange {
  median: number;
  min: number;
  max: number;
}

/** The median of the finite values and their min–max; NaN for all three when there are none. */
export function medianRange(values: number[]): MedianRange {
  const f = values.filter((v) => Number.isFinite(v));
  if (!f.length) return { median: NaN, min: NaN, max: NaN };
  return { median: median(f), min: Math.min(...f), max: Math.max(...f) };
}

/** Largest finite value, NaN for none (Math.max(...[]) would be -Infinity). */
export function maxOf(values: number[]): number {
  const f = values.filter((v) => Number.isFinite(v));
  return f.length ? Math.max(...f) : NaN;
}
