import { describeBound } from '../../targets/targets';
import { DEFAULT_GOAL } from '../../baseline';
import type { GradeRow } from '../grade';
import { ms, NM, rate, table, times } from '../cells';
import type { RunData } from '../model';
import { baselineCpu } from './baseline-cpu';

// "Service ÷ like-for-like baseline" per hot operation: the price of the framework and our
// code, graded against the project goal (targets.json baseline_goal).

const ratio = (x: number) => times(x, 'a side had no samples');

/** One graded row per operation: counted in the verdict like every other bar. */
export function baselineGoalRows(run: RunData): GradeRow[] {
  const b = run.baseline;
  if (!b?.operations) return [];
  const goal = b.goal ?? DEFAULT_GOAL;
  return b.operations.map((o) => ({
    scope: `baseline:${o.operation} ${o.name}`,
    metric: `req/s and p95 ÷ baseline (${o.model} model)`,
    value: o.p95Ratio,
    shown: `${ratio(o.rpsRatio)} req/s, ${ratio(o.p95Ratio)} p95`,
    target: `req/s ${describeBound(goal.throughput_ratio)}×, p95 ${describeBound(goal.p95_ratio)}×`,
    ok: o.ok,
    ...(o.why ? { why: o.why } : {}),
  }));
}

export function baselineComparison(run: RunData): string {
  const b = run.baseline;
  if (!b?.operations) return '';
  const goal = b.goal ?? DEFAULT_GOAL;
  const rows = b.operations.map((o) => [
    o.operation,
    o.name,
    o.model,
    `${rate(o.serviceRps)} / ${rate(o.baselineRps)}`,
    ratio(o.rpsRatio),
    `${ms(o.serviceP95)} / ${ms(o.baselineP95)}`,
    ratio(o.p95Ratio),
    o.ok === false ? `FAIL: ${o.failures.join('; ')}` : o.ok ? 'PASS' : `n/a (${o.why ?? 'not graded'})`,
  ]);
  return [
    '## Service ÷ like-for-like baseline, per operation',
    '',
    `Baseline: load-tests/baselines/${run.suite}.ts, ${b.description}. Goal (${goal.source}): closed model req/s ${describeBound(goal.throughput_ratio)}× at equal p95 (${describeBound(goal.p95_ratio)}×); open model (constant arrival rate) p95 ${describeBound(goal.p95_ratio)}× at the same offered rate, which holds only while the service keeps up (req/s ${describeBound(goal.throughput_ratio)}×).`,
    '',
    table(
      [
        'Operation',
        'Request',
        'Model',
        'Req/s service / baseline',
        'Req/s ratio',
        'P95 service / baseline',
        'P95 ratio',
        'Goal',
      ],
      rows.length
        ? rows
        : [
            [
              'all',
              'none',
              'n/a',
              NM('no operation served by both'),
              NM('as before'),
              NM('as before'),
              NM('as before'),
              'n/a (no target)',
            ],
          ],
    ),
    '',
    baselineCpu(run),
  ].join('\n');
}
