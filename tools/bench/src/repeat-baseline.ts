import { medianRange } from './k6/stats';
import { compareCpu } from './report/cpu-per-request';
import type { RunData } from './report/model';
import { table, times } from './report/cells';
import { describeBound } from './targets/targets';

// `--baseline --repeat N`: N service/baseline pairs in a row, each pair minutes apart, so the
// ratio the goal is written in comes with its spread. One pair's p95 ratio near the 1.25× line
// settles nothing: the median over the pairs and its min–max do.

export interface BaselineRepeatRow {
  operation: string;
  name: string;
  /** per pair, in run order; NaN where a pair did not measure the operation */
  rpsRatios: number[];
  p95Ratios: number[];
  /** per pair: the goal met (true), missed (false), not graded (null) */
  goals: (boolean | null)[];
}

/** Per hot operation, its service ÷ baseline ratios in each pair. */
export function baselineRepeatRows(runs: RunData[]): BaselineRepeatRow[] {
  const rows = new Map<string, BaselineRepeatRow>();
  runs.forEach((run, i) => {
    for (const op of run.baseline?.operations ?? []) {
      const key = `${op.script ?? ''}|${op.operation}|${op.name}`;
      let row = rows.get(key);
      if (!row) {
        const none = () => runs.map(() => NaN);
        row = {
          operation: op.operation,
          name: op.name,
          rpsRatios: none(),
          p95Ratios: none(),
          goals: runs.map(() => null),
        };
        rows.set(key, row);
      }
      row.rpsRatios[i] = op.rpsRatio;
      row.p95Ratios[i] = op.p95Ratio;
      row.goals[i] = op.ok;
    }
  });
  return [...rows.values()];
}

const pairRatio = (x: number) => times(x, 'no pair had it');

/** "1.14× (1.02–1.33×)": the median over the pairs and its min–max. */
export function medianSpread(xs: number[]): string {
  const { median, min, max } = medianRange(xs);
  if (Number.isNaN(median)) return 'not measured: no pair had it';
  return `${pairRatio(median)} (${pairRatio(min)}–${pairRatio(max)})`;
}

const goalCount = (goals: (boolean | null)[]) => {
  const graded = goals.filter((g) => g !== null);
  if (!graded.length) return 'not graded (smoke, or a side had no samples)';
  return `met in ${graded.filter(Boolean).length} of ${graded.length}`;
};

/** REPEAT.md's section for a `--baseline --repeat` run; '' when the runs have no baseline half. */
export function renderBaselineRepeat(runs: RunData[]): string {
  const rows = baselineRepeatRows(runs);
  if (!rows.length) return '';
  const cpu = runs.map((r) => compareCpu(r)?.ratio ?? NaN);
  const goal = runs.find((r) => r.baseline?.goal)?.baseline?.goal;
  const bar = goal
    ? ` (${goal.source}: req/s ${describeBound(goal.throughput_ratio)}×, p95 ${describeBound(goal.p95_ratio)}×)`
    : '';
  return [
    '## Service ÷ like-for-like baseline, pair by pair',
    '',
    `Each run is a pair: the service's load and the same load against the bare baseline, each half on a quiet CPU; odd pairs run the service first, even pairs the baseline, so a machine drifting through the pairs does not favour one side. A ratio is taken within its pair; the median over the pairs and its min–max say whether the goal${bar} holds beyond one pair's luck.`,
    '',
    table(
      [
        'Operation',
        'Request',
        ...runs.map((_, i) => `Pair ${i + 1}: req/s, p95`),
        'Req/s ratio, median (min–max)',
        'P95 ratio, median (min–max)',
        'Goal',
      ],
      [
        ...rows.map((r) => [
          r.operation,
          r.name,
          ...r.rpsRatios.map((x, i) => `${pairRatio(x)}, ${pairRatio(r.p95Ratios[i])}`),
          medianSpread(r.rpsRatios),
          medianSpread(r.p95Ratios),
          goalCount(r.goals),
        ]),
        [
          'CPU per request',
          'server processes',
          ...cpu.map((x) => pairRatio(x)),
          'n/a (one ratio per pair)',
          medianSpread(cpu),
          'n/a (explains, not graded)',
        ],
      ],
    ),
    '',
  ].join('\n');
}
