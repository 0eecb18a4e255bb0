import { medianRange } from './k6/stats';

// One metric of a compare: each side's median over its rounds, their min–max, and B's change.

export interface MedianPair {
  a: number;
  b: number;
  /** min–max of each side's finite values; NaN for a side with none */
  spreadA: [number, number];
  spreadB: [number, number];
  /** (B − A) / |A| in %; 0 when equal, NaN when a side has no value or A is 0 */
  changePercent: number;
}

export function medianPair(valuesA: number[], valuesB: number[]): MedianPair {
  const ra = medianRange(valuesA);
  const rb = medianRange(valuesB);
  const a = ra.median;
  const b = rb.median;
  const changePercent =
    Number.isFinite(a) && Number.isFinite(b) ? (a === b ? 0 : a !== 0 ? ((b - a) / Math.abs(a)) * 100 : NaN) : NaN;
  return { a, b, spreadA: [ra.min, ra.max], spreadB: [rb.min, rb.max], changePercent };
}
