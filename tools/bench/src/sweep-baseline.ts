import { compareCpu } from './report/cpu-per-request';
import type { RunData } from './report/model';
import { finite, ms, rate, table, times } from './report/cells';
import { describeBound, meets, type Bound } from './targets/targets';
import { renderRoundStarts, type RoundStart } from './round-start';
import { roundOrder } from './compare';

// `--profile rate --baseline --sweep 0.5,0.6,…` (or load, where its scenarios are open): one service/baseline pair per offered rate, and
// from them the goal's own words: each hot operation's throughput at equal p95. Each side's
// capacity at a p95 bar is the throughput where its p95 crosses the bar (interpolated between the
// two steps around the crossing); service ÷ baseline of those is the ratio the goal grades (≥ 0.8×).
// The open-model form (p95 ≤ 1.25× at one offered rate) grades a single step; this one grades where
// the curves meet the bar, which is what "throughput at equal p95" asks.

/** One side's measurement of one operation at one step. */
export interface SweepPoint {
  /** the step's --rate-scale */
  rateScale: number;
  /** the operation's own requests per second, as k6 counted them */
  rps: number;
  p95: number;
}

/** Where one side's p95 crosses the bar, as throughput. */
export type Capacity =
  | { kind: 'interpolated'; rps: number; between: [SweepPoint, SweepPoint] }
  /** over the bar already at the first step: the capacity is below the sweep */
  | { kind: 'below'; rps: number }
  /** under the bar at every step: the capacity is at least the last step's throughput */
  | { kind: 'above'; rps: number }
  | { kind: 'none' };

/**
 * The throughput at which p95 reaches `bar`, from points in the sweep's order: the first step over
 * the bar and the one before it, linear between them. A p95 that dips back under the bar at a later
 * step does not move it: the first crossing is the capacity.
 */
export function capacityAt(points: SweepPoint[], bar: number): Capacity {
  const measured = points.filter((p) => finite(p.rps) && finite(p.p95));
  if (measured.length === 0) return { kind: 'none' };
  const k = measured.findIndex((p) => p.p95 > bar);
  if (k === -1) return { kind: 'above', rps: measured[measured.length - 1].rps };
  if (k === 0) return { kind: 'below', rps: measured[0].rps };
  const lo = measured[k - 1];
  const hi = measured[k];
  const rps = lo.rps + ((bar - lo.p95) / (hi.p95 - lo.p95)) * (hi.rps - lo.rps);
  return { kind: 'interpolated', rps, between: [lo, hi] };
}

/** service ÷ baseline capacity: a value, or a bound when one side never crossed the bar in the sweep. */
export type CapacityRatio =
  { kind: 'value'; ratio: number } | { kind: 'at least' | 'at most'; ratio: number } | { kind: 'unknown'; why: string };

export function capacityRatio(service: Capacity, baseline: Capacity): CapacityRatio {
  if (service.kind === 'none' || baseline.kind === 'none') return { kind: 'unknown', why: 'a side had no samples' };
  if (service.kind === 'interpolated' && baseline.kind === 'interpolated')
    return { kind: 'value', ratio: service.rps / baseline.rps };
  // The service's capacity is at least its last step's; the baseline's is known or at most its first's.
  if (service.kind === 'above' && baseline.kind !== 'above')
    return { kind: 'at least', ratio: service.rps / baseline.rps };
  if (service.kind !== 'above' && baseline.kind === 'above')
    return { kind: 'at most', ratio: service.rps / baseline.rps };
  if (service.kind === 'below' && baseline.kind === 'interpolated')
    return { kind: 'at most', ratio: service.rps / baseline.rps };
  if (service.kind === 'interpolated' && baseline.kind === 'below')
    return { kind: 'at least', ratio: service.rps / baseline.rps };
  return {
    kind: 'unknown',
    why:
      service.kind === 'above'
        ? 'neither side reached the bar in the sweep: add higher rates'
        : 'both sides were over the bar at the first step: start lower',
  };
}

/** Whether the ratio meets the goal's bound: true / false, or null when the bound cannot tell. */
export function ratioMeets(ratio: CapacityRatio, goal: Bound): boolean | null {
  if (ratio.kind === 'unknown') return null;
  const ok = meets(ratio.ratio, goal);
  if (ratio.kind === 'value') return ok;
  // A lower bound that meets a "≥" goal settles it; one that misses it does not (the truth may be higher).
  const lowerBoundGoal = typeof goal === 'object' && (goal.gte !== undefined || goal.gt !== undefined);
  if (ratio.kind === 'at least') return lowerBoundGoal ? (ok ? true : null) : ok ? null : false;
  return lowerBoundGoal ? (ok ? null : false) : ok ? true : null;
}

export interface SweepOperation {
  operation: string;
  name: string;
  /** the p95 bar the capacities are taken at, ms */
  bar: number;
  service: SweepPoint[];
  baseline: SweepPoint[];
}

/** Per hot operation, each side's (req/s, p95) at every step, in the sweep's order. */
export function sweepOperations(
  steps: { rateScale: number; run: RunData }[],
  barFor: (operation: string) => number | undefined,
): SweepOperation[] {
  const rows = new Map<string, SweepOperation>();
  for (const { rateScale, run } of steps) {
    for (const op of run.baseline?.operations ?? []) {
      if (op.model !== 'open') continue;
      const bar = barFor(op.operation);
      if (bar === undefined) continue;
      const key = `${op.operation}|${op.name}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { operation: op.operation, name: op.name, bar, service: [], baseline: [] }));
      row.service.push({ rateScale, rps: op.serviceRps, p95: op.serviceP95 });
      row.baseline.push({ rateScale, rps: op.baselineRps, p95: op.baselineP95 });
    }
  }
  return [...rows.values()];
}

/** True once every operation's p95 is over its bar on both sides: higher rates would add nothing. */
export function sweepDone(operations: SweepOperation[]): boolean {
  const over = (points: SweepPoint[], bar: number) => points.length > 0 && points[points.length - 1].p95 > bar;
  return operations.length > 0 && operations.every((o) => over(o.service, o.bar) && over(o.baseline, o.bar));
}

function describeCapacity(c: Capacity): string {
  switch (c.kind) {
    case 'interpolated':
      return `${rate(c.rps)} (between ×${c.between[0].rateScale} and ×${c.between[1].rateScale})`;
    case 'below':
      return `< ${rate(c.rps)} (over the bar at the first step)`;
    case 'above':
      return `≥ ${rate(c.rps)} (under the bar at every step)`;
    case 'none':
      return 'not measured: no samples';
  }
}

function describeRatio(r: CapacityRatio): string {
  if (r.kind === 'unknown') return `not measured: ${r.why}`;
  if (r.kind === 'value') return times(r.ratio);
  return `${r.kind === 'at least' ? '≥' : '≤'} ${times(r.ratio)}`;
}

const NONE =
  'not measured: no open-model operation with a p95 bar (a sweep steps offered rates; closed scenarios are not graded)';

const verdict = (ok: boolean | null) => (ok === null ? 'not settled by this sweep' : ok ? 'met' : 'missed');

export interface SweepCapacity {
  operation: string;
  name: string;
  bar: number;
  service: Capacity;
  baseline: Capacity;
  ratio: CapacityRatio;
  /** the goal met (true), missed (false), not settled by this sweep (null) */
  goal: boolean | null;
}

/** Each operation's capacity on both sides at its bar, their ratio and its grade: SWEEP.md's and sweep.json's. */
export function sweepCapacities(operations: SweepOperation[], goal: Bound): SweepCapacity[] {
  return operations.map((o) => {
    const service = capacityAt(o.service, o.bar);
    const baseline = capacityAt(o.baseline, o.bar);
    const ratio = capacityRatio(service, baseline);
    return {
      operation: o.operation,
      name: o.name,
      bar: o.bar,
      service,
      baseline,
      ratio,
      goal: ratioMeets(ratio, goal),
    };
  });
}

/** SWEEP.md: the steps side by side, then each operation's throughput at equal p95. */
export function renderSweep(
  suite: string,
  steps: { rateScale: number; run: RunData; folder: string }[],
  barFor: (operation: string) => number | undefined,
  goal: Bound,
  command: string,
  starts: RoundStart[] = [],
): string {
  const operations = sweepOperations(steps, barFor);
  const stepRows = steps.map(({ rateScale, run, folder }, i) => {
    const ops = run.baseline?.operations?.filter((o) => o.model === 'open') ?? [];
    const worst = (pick: (o: (typeof ops)[number]) => number) => Math.max(...ops.map(pick).filter(finite));
    const sum = (pick: (o: (typeof ops)[number]) => number) =>
      ops
        .map(pick)
        .filter(finite)
        .reduce((a, b) => a + b, 0);
    const cpu = compareCpu(run);
    return [
      `${i + 1}: ×${rateScale} ([report](${folder}/REPORT.md))`,
      // the order the bench ran the pair in (cli.ts: roundOrder over service, baseline)
      roundOrder(['service', 'baseline'], i)[0],
      `${rate(sum((o) => o.serviceRps))} / ${rate(sum((o) => o.baselineRps))}`,
      `${ms(worst((o) => o.serviceP95))} / ${ms(worst((o) => o.baselineP95))}`,
      times(cpu?.ratio, 'a half recorded no CPU'),
      run.baseline?.startedAfter ?? 'not measured: no wait recorded (--quiet-wait 0)',
    ];
  });
  const capacityRows = sweepCapacities(operations, goal).map((c) => [
    c.operation,
    c.name,
    `${c.bar} ms`,
    describeCapacity(c.service),
    describeCapacity(c.baseline),
    describeRatio(c.ratio),
    verdict(c.goal),
  ]);
  const perStep = operations.length
    ? operations.map((o) => [o.operation, ...o.service.map((s, i) => `${ms(s.p95)} / ${ms(o.baseline[i]?.p95)}`)])
    : [['none', ...steps.map(() => NONE)]];
  return [
    `# ${suite}: throughput at equal p95, service ÷ like-for-like baseline`,
    '',
    `\`${command}\``,
    '',
    `One service/baseline pair per offered rate (\`--rate-scale\` steps: the profile's open-model scenarios' rates scaled), each half on a fresh service and a quiet CPU; odd steps run the service first, even steps the baseline. For each hot operation and side, its capacity is the throughput at which its p95 first goes over the operation's p95 bar (targets.json), linear between the step under the bar and the step over it; service ÷ baseline of those is the goal's "throughput at equal p95", graded against ${describeBound(goal)}×. A single pair's p95 ratio at one rate (the open-model form, in each step's report) is the other reading of the same goal.`,
    '',
    '## Steps',
    '',
    table(
      [
        'Step',
        'First half',
        'Req/s, service / baseline',
        'Worst p95, service / baseline',
        'CPU per request ratio',
        "Baseline half's start",
      ],
      stepRows,
    ),
    '',
    ...(starts.length ? [renderRoundStarts(starts, { one: 'step (service half)', many: 'steps' })] : []),
    '## P95 by step, service / baseline',
    '',
    table(['Operation', ...steps.map((s) => `×${s.rateScale}`)], perStep),
    '',
    '## Throughput at equal p95',
    '',
    table(
      ['Operation', 'Request', 'P95 bar', 'Service capacity', 'Baseline capacity', 'Service ÷ baseline', 'Goal'],
      capacityRows.length ? capacityRows : [['none', NONE, NONE, NONE, NONE, NONE, NONE]],
    ),
    '',
    'Near the knee p95 rises steeply with the rate, so the interpolated capacity is only as fine as the steps around it; one sweep is one sample of each curve.',
    '',
  ].join('\n');
}
