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
  /** round by round: B against the A of its own round (the two ran back to back), over rounds with both values */
  rounds: RoundByRound;
}

export interface RoundByRound {
  /** rounds in which B's value was lower than its round's A, higher, and rounds with both values */
  lower: number;
  higher: number;
  n: number;
}

/**
 * B against A round by round. The sides of one round run back to back, so a machine that drifts
 * from round to round moves both; "lower in 4 of 4" is then a steadier statement than two
 * medians whose ranges overlap because the rounds differ. Values are indexed by round.
 */
export function roundByRound(valuesA: number[], valuesB: number[]): RoundByRound {
  let lower = 0;
  let higher = 0;
  let n = 0;
  for (let i = 0; i < Math.min(valuesA.length, valuesB.length); i++) {
    const [a, b] = [valuesA[i], valuesB[i]];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    n++;
    if (b < a) lower++;
    else if (b > a) higher++;
  }
  return { lower, higher, n };
}

/** "lower in 4 of 4", "higher in 3 of 4", "lower in 2, higher in 2 of 4", "equal in 2 of 2". */
export function describeRounds(r: RoundByRound): string {
  if (r.n === 0) return 'not measured: no round with both sides';
  if (r.lower === 0 && r.higher === 0) return `equal in ${r.n} of ${r.n}`;
  if (r.lower && r.higher) return `lower in ${r.lower}, higher in ${r.higher} of ${r.n}`;
  return r.lower ? `lower in ${r.lower} of ${r.n}` : `higher in ${r.higher} of ${r.n}`;
}

export function medianPair(valuesA: number[], valuesB: number[]): MedianPair {
  const ra = medianRange(valuesA);
  const rb = medianRange(valuesB);
  const a = ra.median;
  const b = rb.median;
  const changePercent =
    Number.isFinite(a) && Number.isFinite(b) ? (a === b ? 0 : a !== 0 ? ((b - a) / Math.abs(a)) * 100 : NaN) : NaN;
  return {
    a,
    b,
    spreadA: [ra.min, ra.max],
    spreadB: [rb.min, rb.max],
    changePercent,
    rounds: roundByRound(valuesA, valuesB),
  };
}
