import { median } from './k6/stats';

// One metric of a compare: each side's median over its rounds, their min–max, and B's change.

export interface MedianPair {
  a: number;
  b: number;
  spreadA: [number, number];
  spreadB: [number, number];
  /** (B − A) / |A| in %; 0 when equal, NaN when a side has no value or A is 0 */
  changePercent: number;
}

const fin = (xs: number[]) => xs.filter(Number.isFinite);

export function medianPair(valuesA: number[], valuesB: number[]): MedianPair {
  const va = fin(valuesA);
  const vb = fin(valuesB);
  const a = median(va);
  const b = median(vb);
  const changePercent =
    Number.isFinite(a) && Number.isFinite(b) ? (a === b ? 0 : a !== 0 ? ((b - a) / Math.abs(a)) * 100 : NaN) : NaN;
  return {
    a,
    b,
    spreadA: [Math.min(...va), Math.max(...va)],
    spreadB: [Math.min(...vb), Math.max(...vb)],
    changePercent,
  };
}
