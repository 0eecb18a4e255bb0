import { RunData } from './report/model';
import { table } from './report/cells';
import { GENERATOR_CPU_LIMIT, generatorSaturation, sharedCpu } from './report/verdicts';
import { maxOf } from './k6/stats';
import { rateOf, worstEndpoint } from './report/totals';
import { describeWait, RoundStart } from './round-start';
import { hasRealtime, hasRequests, REALTIME_MEASURES } from './realtime-measures';

// The same load run N times in a row: how far apart do p95 and req/s come out? Back-to-back
// runs must agree within 5 % on req/s and 10 % on p95 (issue 14); over that, a single run
// cannot be trusted to show a regression of that size (ADR 0005), and the shape of the
// difference (the first run apart, or a drift run to run) says what to look for.

export interface RepeatLimits {
  'req/s': number;
  'p95 ms': number;
}

export const REPEAT_LIMITS: RepeatLimits = { 'req/s': 5, 'p95 ms': 10 };

export interface RepeatRow {
  scope: string;
  /** msg/s: a real-time suite's messages acknowledged per second, held to the req/s bar */
  metric: 'req/s' | 'p95 ms' | 'msg/s';
  values: number[];
  /** (max − min) / min, in % */
  spreadPercent: number;
  limitPercent: number;
  over: boolean;
  /** over the limit and shaped: run 1 alone apart (state carried in, a cold start), or a steady drift */
  pattern?: 'first run apart' | 'drifting up' | 'drifting down';
}

const spread = (xs: number[]) => {
  const f = xs.filter(Number.isFinite);
  if (f.length < 2) return NaN;
  const lo = Math.min(...f);
  return lo > 0 ? ((Math.max(...f) - lo) / lo) * 100 : NaN;
};

function patternOf(values: number[], limit: number): RepeatRow['pattern'] {
  if (values.length < 3 || !values.every(Number.isFinite)) return undefined;
  if (!(spread(values.slice(1)) <= limit)) {
    const steps = values.slice(1).map((v, i) => Math.sign(v - values[i]));
    if (steps.every((d) => d > 0)) return 'drifting up';
    if (steps.every((d) => d < 0)) return 'drifting down';
    return undefined;
  }
  return 'first run apart';
}

export function repeatRows(runs: RunData[], limits: RepeatLimits = REPEAT_LIMITS): RepeatRow[] {
  const rows: RepeatRow[] = [];
  const add = (scope: string, metric: RepeatRow['metric'], values: number[]) => {
    const s = spread(values);
    const limitPercent = limits[metric === 'msg/s' ? 'req/s' : metric];
    const over = Number.isFinite(s) && s > limitPercent;
    const pattern = over ? patternOf(values, limitPercent) : undefined;
    rows.push({ scope, metric, values, spreadPercent: s, limitPercent, over, ...(pattern ? { pattern } : {}) });
  };
  // A real-time run (chat) is judged on its messages, delivery and connects; its zero HTTP requests say nothing.
  if (hasRealtime(runs))
    for (const m of REALTIME_MEASURES) if (m.repeat) add(m.repeat.scope, m.repeat.metric, runs.map(m.get));
  if (hasRealtime(runs) && !hasRequests(runs)) return rows;
  add(
    'all requests',
    'req/s',
    runs.map((r) => rateOf(r) ?? NaN),
  );
  add(
    'all requests',
    'p95 ms',
    runs.map((r) => worstEndpoint(r, 'p95')),
  );
  const keys = [
    ...new Set(
      runs.flatMap((r) => r.scripts.flatMap((s) => s.series.endpoints.map((e) => `${e.scenario}\u0000${e.name}`))),
    ),
  ];
  for (const key of keys) {
    const [scenario, name] = key.split('\u0000');
    const match = (e: { scenario: string; name: string }) => e.scenario === scenario && e.name === name;
    add(
      name,
      'req/s',
      runs.map((r) => rateOf(r, match) ?? NaN),
    );
    add(
      name,
      'p95 ms',
      runs.map((r) => worstEndpoint(r, 'p95', match)),
    );
  }
  return rows;
}

/**
 * The one-line verdict (REPEAT.md and the terminal): NOT REPEATABLE with what spread too far, or
 * repeatable; "not judged" when no measure had values in two runs (nothing was compared).
 */
export function repeatVerdict(rows: RepeatRow[], limits: RepeatLimits = REPEAT_LIMITS): string {
  const over = rows.filter((r) => r.over);
  if (over.length)
    return `NOT REPEATABLE — ${over.map((r) => `${r.scope} ${r.metric} ${r.spreadPercent.toFixed(1)} %${r.pattern ? ` (${r.pattern})` : ''}`).join('; ')}`;
  if (!rows.some((r) => Number.isFinite(r.spreadPercent)))
    return 'not judged: no measure had values in two runs (no requests, no real-time messages)';
  const metrics = [...new Set(rows.filter((r) => Number.isFinite(r.spreadPercent)).map((r) => r.metric))];
  return `repeatable: ${metrics.map((m) => `${m === 'p95 ms' ? 'p95' : m} within ${limits[m === 'msg/s' ? 'req/s' : m]} %`).join(', ')}`;
}

/** p95 of the full 5 s windows after the warm-up: how much one run moves by itself. */
export function windowP95s(r: RunData): number[] {
  return r.scripts.flatMap((s) => {
    const from = s.series.start;
    const w = s.series.windows.filter((x) => x.t >= from && x.reqs > 0);
    return (w.length > 2 ? w.slice(0, -1) : w).map((x) => x.p95).filter(Number.isFinite);
  });
}

function windowRange(r: RunData): string {
  const p = windowP95s(r);
  return p.length ? `${Math.min(...p).toFixed(1)}–${Math.max(...p).toFixed(1)} ms` : 'not measured: no full windows';
}

/**
 * Why runs may differ when they do: a p95 that moved less between runs than it moves inside one
 * run is noise of the machine; a run that started on a busy CPU carries other work.
 */
function noiseNote(runs: RunData[], rows: RepeatRow[]): string[] {
  if (!rows.some((r) => r.over)) return [];
  const p95 = rows.find((r) => r.scope === 'all requests' && r.metric === 'p95 ms');
  const between = p95?.over ? Math.max(...p95.values) - Math.min(...p95.values) : NaN;
  const within = Math.min(
    ...runs.map((r) => {
      const p = windowP95s(r);
      return p.length ? Math.max(...p) - Math.min(...p) : NaN;
    }),
  );
  const busy = runs.filter((r) => sharedCpu(r).shared).length;
  const out: string[] = [];
  if (Number.isFinite(between) && Number.isFinite(within) && between < within)
    out.push(
      `The p95 moved ${between.toFixed(1)} ms between runs but ${within.toFixed(1)} ms between 5 s windows of a single run: the difference is within the run's own noise.`,
      '',
    );
  if (busy)
    out.push(
      `${busy} of ${runs.length} runs started on a busy machine (CPU busy before the start, or the load average still above --quiet-load when the wait ran out; the load average where idle was not measured): rerun when it is quiet before reading a trend.`,
      '',
    );
  return out;
}

function locustCpu(r: RunData): string {
  const cpu = r.locust?.generatorCpu;
  const v = cpu?.busiestP95Percent ?? cpu?.p95Percent;
  if (v === undefined || !Number.isFinite(v)) return 'not measured: Locust did not run';
  return `${v.toFixed(0)} %${v >= GENERATOR_CPU_LIMIT ? ' (saturated)' : ''}`;
}

const f = (v: number) => (Number.isFinite(v) ? `${+v.toFixed(2)}` : 'not measured: no requests');

export function renderRepeat(
  suite: string,
  profile: string,
  runs: RunData[],
  dirs: string[],
  /** per run: the bounded wait for a quiet CPU before it (the repeat loop records them) */
  starts?: RoundStart[],
  limits: RepeatLimits = REPEAT_LIMITS,
): string {
  const rows = repeatRows(runs, limits);
  const withLocust = runs.some((r) => r.locust?.generatorCpu);
  return [
    `# Repeatability — ${suite} / ${profile}, ${runs.length} runs in a row`,
    '',
    `Spread = (max − min) / min over the runs. Back-to-back runs should agree within ${limits['req/s']} % on req/s and ${limits['p95 ms']} % on p95 (issue 14); over that, a single run of this profile cannot show a regression of that size; see ADR 0005 for causes and fixes.`,
    '',
    ...noiseNote(runs, rows),
    `**Verdict**: ${repeatVerdict(rows, limits)}`,
    '',
    '## Spread per metric',
    '',
    table(
      ['Scope', 'Metric', ...runs.map((_, i) => `Run ${i + 1}`), 'Spread', 'Status'],
      rows.map((r) => [
        r.scope,
        r.metric,
        ...r.values.map(f),
        Number.isFinite(r.spreadPercent) ? `${r.spreadPercent.toFixed(1)} %` : 'not measured: a run had no requests',
        r.over ? `OVER ${r.limitPercent} %${r.pattern ? `, ${r.pattern}` : ''}` : 'ok',
      ]),
    ),
    '',
    '## What differed between the runs',
    '',
    table(
      [
        'Run',
        'Folder',
        ...(starts ? ['Wait for a quiet CPU'] : []),
        'CPU idle before start',
        'Load avg at start',
        'Load avg at end',
        'p95 across 5 s windows (min–max)',
        'k6 CPU p95 (max over scripts)',
        ...(withLocust ? ['Locust CPU p95 (busiest process)'] : []),
        'Dropped iterations',
        'Warm-up excluded',
        'Service',
      ],
      runs.map((r, i) => [
        String(i + 1),
        dirs[i] ?? 'n/a',
        ...(starts ? [describeWait(starts[i]?.wait)] : []),
        r.machine.idleBefore
          ? `${(r.machine.idleBefore.idle * 100).toFixed(0)} % over ${r.machine.idleBefore.seconds} s`
          : 'not measured: older run',
        r.machine.loadAvg[0].toFixed(2),
        r.config.loadAvgEnd ? r.config.loadAvgEnd[0].toFixed(2) : 'not measured: older run',
        windowRange(r),
        `${maxOf(r.scripts.map((s) => s.generatorCpu.p95Percent)).toFixed(0)} %${generatorSaturation(r).reasons.some((x) => !x.startsWith('Locust')) ? ' (saturated)' : ''}`,
        ...(withLocust ? [locustCpu(r)] : []),
        String(r.scripts.reduce((a, s) => a + (s.series.droppedAfterWarmup ?? s.droppedIterations), 0)),
        r.config.warmupSeconds ? `${r.config.warmupSeconds} s` : 'none',
        r.config.serviceStartedByBench ? 'started fresh by the bench' : 'already running (warm)',
      ]),
    ),
    '',
  ].join('\n');
}
