import { THROUGHPUT_PROFILES } from '../report/grade';
import { describeBound, meets, targetsFor, type Bound, type BoundMap, type TargetsFile } from '../targets/targets';
import type { LocustRow } from './locust-stats';
import type { LocustRun } from './run-locust';

// The Locust part of a run's report, in the columns 000 printed from Locust's own CSV, graded
// against the same targets.json bars as k6: a row's latency and errors by the scenario whose
// `locust_name` is the row's `METHOD name`, the total by the suite's throughput bar.

export interface LocustBars {
  latency: (request: string) => BoundMap | undefined;
  errorRate: (request: string) => Bound | undefined;
  totalRps?: Bound;
  /** why the total is not graded (a profile that does not offer the document's load) */
  totalNotGraded?: string;
}

/** `scale`: the run's user scale, applied to the throughput bar as k6's rate scale is. */
export function locustBarsFor(targets: TargetsFile, suite: string, profile: string, scale = 1): LocustBars {
  const byRequest = new Map<string, ReturnType<typeof targetsFor>>();
  for (const [name, scenario] of Object.entries(targets.suites[suite]?.scenarios ?? {})) {
    if (scenario.locust_name && scenario.kind !== 'async')
      byRequest.set(scenario.locust_name, targetsFor(targets, suite, name, profile));
  }
  const total = targets.suites[suite]?.total?.throughput_rps;
  const applies = THROUGHPUT_PROFILES.has(profile);
  return {
    latency: (request) => byRequest.get(request)?.latency_ms,
    errorRate: (request) => byRequest.get(request)?.error_rate,
    totalRps: total !== undefined && applies ? scaled(total, scale) : undefined,
    totalNotGraded: applies ? undefined : `not graded: the ${profile} profile does not offer the document's load`,
  };
}

function scaled(bound: Bound, k: number): Bound {
  if (typeof bound === 'number') return bound * k;
  return Object.fromEntries(Object.entries(bound).map(([op, v]) => [op, (v as number) * k])) as Bound;
}

/** `METHOD name` of a row; Locust names that already start with the method are kept as they are. */
export function requestOf(row: LocustRow): string {
  return row.method && !row.name.startsWith(`${row.method} `) ? `${row.method} ${row.name}` : row.name;
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100) / 100}` : '–');

/** Locust's value for a targets.json latency key (med/p50, p95, p99, avg). */
function latencyOf(row: LocustRow, key: string): number | undefined {
  if (key === 'med' || key === 'p50') return row.medianMs;
  if (key === 'p95') return row.p95Ms;
  if (key === 'p99') return row.p99Ms;
  if (key === 'avg') return row.avgMs;
  return undefined;
}

function failures(row: LocustRow, bars: LocustBars): string[] {
  const request = requestOf(row);
  const failed: string[] = [];
  for (const [key, bound] of Object.entries(bars.latency(request) ?? {})) {
    const value = latencyOf(row, key);
    if (value !== undefined && !meets(value, bound)) failed.push(`${key} ${value} ms, bar ${describeBound(bound)}`);
  }
  const errorBar = bars.errorRate(request);
  const errorRate = row.requests ? row.failures / row.requests : 0;
  if (errorBar !== undefined && !meets(errorRate, errorBar))
    failed.push(`errors ${(errorRate * 100).toFixed(2)} %, bar ${describeBound(errorBar)}`);
  return failed;
}

export function locustSection(run: LocustRun, bars: LocustBars): { markdown: string; pass: boolean } {
  const lines = ['## Locust (second generator)', ''];
  if (run.error) return { markdown: [...lines, `Did not run: ${run.error}.`, ''].join('\n'), pass: false };
  lines.push(
    `Locust ran for ${Math.round(run.endedAt - run.startedAt)} s after k6, on the same service (exit ${run.exitCode}); ` +
      `its CSV: \`${run.statsFile.split('/').pop()}\`. Latency and errors are graded per request by the scenario ` +
      'whose `locust_name` it is, the total by the suite throughput bar.',
    '',
    '| Name | # Requests | # Failures | Avg (ms) | Median (ms) | p95 (ms) | p99 (ms) | RPS | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  let pass = true;
  for (const row of run.rows) {
    const total = row.name === 'Aggregated';
    const failed = total
      ? bars.totalRps !== undefined && !meets(row.rps, bars.totalRps)
        ? [`${ms(row.rps)} req/s, bar ${describeBound(bars.totalRps)}`]
        : []
      : failures(row, bars);
    if (failed.length) pass = false;
    const graded = total ? bars.totalRps !== undefined : bars.latency(requestOf(row)) !== undefined;
    const verdict = failed.length
      ? `FAIL: ${failed.join('; ')}`
      : graded
        ? 'pass'
        : total
          ? (bars.totalNotGraded ?? 'not graded: no throughput bar')
          : 'not graded: no scenario has this locust_name';
    const failedShare = row.requests ? ((row.failures / row.requests) * 100).toFixed(1) : '0';
    lines.push(
      `| ${total ? '**Total**' : requestOf(row)} | ${row.requests} | ${row.failures} (${failedShare}%) | ` +
        `${ms(row.avgMs)} | ${ms(row.medianMs)} | ${ms(row.p95Ms)} | ${ms(row.p99Ms)} | ${ms(row.rps)} | ` +
        `${verdict} |`,
    );
  }
  lines.push('');
  return { markdown: lines.join('\n'), pass };
}
