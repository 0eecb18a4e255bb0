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
 * B against A round by round. The sides of one round run back to back, so drift from round to
 * round moves both; what is left is each round's own luck, which moves all rows of that round
 * together (one machine state per half). Values are indexed by round.
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

/**
 * Two-sided sign test: the chance of a split at least this lopsided between lower and higher if
 * B and A did not differ (equal rounds left out). With 4 rounds the most lopsided split, 4 of 4,
 * still comes 1 time in 8: an A/A compare (2026-11-25) showed CPU per request "lower in 4 of 4".
 */
export function signTestChance(r: RoundByRound): number {
  const n = r.lower + r.higher;
  if (n === 0) return 1;
  let tail = 0;
  for (let k = 0; k <= Math.min(r.lower, r.higher); k++) tail += binomial(n, k);
  return Math.min(1, (2 * tail) / 2 ** n);
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - i + 1)) / i;
  return c;
}

/**
 * "lower in 4 of 4 (1 in 8 by chance)", "higher in 3 of 4", "lower in 2, higher in 2 of 4", "equal in 2 of 2";
 * the chance is given when every round went one way.
 */
export function describeRounds(r: RoundByRound): string {
  if (r.n === 0) return 'not measured: no round with both sides';
  if (r.lower === 0 && r.higher === 0) return `equal in ${r.n} of ${r.n}`;
  if (r.lower && r.higher) return `lower in ${r.lower}, higher in ${r.higher} of ${r.n}`;
  const chance = signTestChance(r);
  const odds = chance < 1 ? ` (1 in ${Math.round(1 / chance)} by chance)` : '';
  return `${r.lower ? `lower in ${r.lower}` : `higher in ${r.higher}`} of ${r.n}${odds}`;
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
