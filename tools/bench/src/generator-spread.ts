import { medianPair, type MedianPair } from './compare-median';
import { table } from './report/cells';
import type { RunData } from './report/model';
import { rateOf, worstEndpoint } from './report/totals';
import { GENERATOR_CPU_LIMIT } from './report/verdicts';
import { requestOf } from './locust/locust-report';
import type { TargetsFile } from './targets/targets';
import { maxOf } from './k6/stats';

// `--generator both --repeat N`: per operation, each generator's median and min–max over the
// rounds of req/s, p50, p95 and p99, side by side. Two generators that differ by more than
// either one's own spread measure different things (issue 13): the row says so, and each
// generator's CPU is beside it, since a saturated client is the first suspect.

export type GeneratorMetric = 'req/s' | 'p50 ms' | 'p95 ms' | 'p99 ms';
const METRICS: GeneratorMetric[] = ['req/s', 'p50 ms', 'p95 ms', 'p99 ms'];

export interface GeneratorSpreadRow {
  /** the targets.json scenario and its Locust request name */
  scenario: string;
  request: string;
  metric: GeneratorMetric;
  /** a = k6, b = Locust */
  pair: MedianPair;
  /** |median k6 − median Locust| > the larger of the two spreads (max − min); undefined when not judged */
  disagree?: boolean;
  notJudged?: string;
}

interface Operation {
  /** what the table calls it: the Locust request name */
  request: string;
  scenario: string;
  k6: (run: RunData, metric: GeneratorMetric) => number;
  /** why req/s is shown but not judged (the two generators count it over different windows) */
  rateNotComparable?: string;
}

/** HTTP operations both generators run: targets.json scenarios with a `locust_name`, k6 side from its endpoints. */
function httpOperations(targets: TargetsFile, suite: string): Operation[] {
  return Object.entries(targets.suites[suite]?.scenarios ?? {})
    .filter(([, s]) => s.locust_name && s.kind !== 'async')
    .map(([scenario, s]) => ({
      scenario,
      request: s.locust_name as string,
      k6: (run, metric) => k6Value(run, scenario, metric),
    }));
}

/** The real-time measures (load-tests/chat): k6's chat_* metrics beside the locustfile's request rows. */
const REALTIME: { request: string; scenario: string; trend: string; rate?: string }[] = [
  { request: 'WS connect', scenario: 'connect', trend: 'chat_connect_ms', rate: 'chat_connects' },
  { request: 'WS send_message (ack)', scenario: 'send', trend: '', rate: 'chat_messages_sent' },
  {
    request: 'WS new_message (delivery)',
    scenario: 'delivery',
    trend: 'e2e_latency_ms',
    rate: 'chat_messages_received',
  },
];

function realtimeOperations(runs: RunData[]): Operation[] {
  if (!runs.some((r) => r.scripts.some((s) => s.realtime))) return [];
  const stat = (run: RunData, name: string, field: string) =>
    run.scripts.map((s) => s.realtime?.[name]?.[field]).find((v) => v !== undefined) ?? NaN;
  const perSendingSecond = (run: RunData, counter: string) =>
    stat(run, counter, 'count') / stat(run, 'chat_send_window_s', 'value');
  return REALTIME.map(({ request, scenario, trend, rate }) => ({
    request,
    scenario,
    rateNotComparable:
      "different windows: k6's sending phase (its connections over the whole script), Locust's whole run, ramp included",
    k6: (run, metric) =>
      metric === 'req/s'
        ? rate
          ? rate === 'chat_connects'
            ? stat(run, rate, 'rate')
            : perSendingSecond(run, rate)
          : NaN
        : trend
          ? stat(run, trend, metric === 'p50 ms' ? 'p(50)' : metric === 'p95 ms' ? 'p(95)' : 'p(99)')
          : NaN,
  }));
}

function k6Value(run: RunData, scenario: string, metric: GeneratorMetric): number {
  const pick = (e: { scenario: string }) => e.scenario === scenario;
  if (metric === 'req/s') return rateOf(run, pick) ?? NaN;
  return worstEndpoint(run, metric === 'p50 ms' ? 'p50' : metric === 'p95 ms' ? 'p95' : 'p99', pick);
}

function locustValue(run: RunData, request: string, metric: GeneratorMetric): number {
  const row = run.locust?.rows?.find((r) => requestOf(r) === request);
  if (!row) return NaN;
  if (metric === 'req/s') return row.rps;
  return metric === 'p50 ms' ? row.medianMs : metric === 'p95 ms' ? row.p95Ms : row.p99Ms;
}

const width = ([lo, hi]: [number, number]) => hi - lo;

export function generatorSpreadRows(runs: RunData[], targets: TargetsFile, suite: string): GeneratorSpreadRow[] {
  const rows: GeneratorSpreadRow[] = [];
  const known = httpOperations(targets, suite);
  const extra = realtimeOperations(runs).filter((o) => !known.some((k) => k.request === o.request));
  // A targets scenario that k6 measures as real-time (chat's connect) takes the real-time view.
  const ops = [...known.map((k) => realtimeOperations(runs).find((o) => o.request === k.request) ?? k), ...extra];
  for (const { scenario, request, k6, rateNotComparable } of ops)
    for (const metric of METRICS) {
      const pair = medianPair(
        runs.map((r) => k6(r, metric)),
        runs.map((r) => locustValue(r, request, metric)),
      );
      const measured = Number.isFinite(pair.a) && Number.isFinite(pair.b);
      const notJudged = !measured
        ? `${Number.isFinite(pair.a) ? 'Locust' : 'k6'} did not measure it`
        : runs.length < 2
          ? 'one round: no spread to judge against'
          : metric === 'req/s' && rateNotComparable
            ? rateNotComparable
            : undefined;
      const disagree = notJudged
        ? undefined
        : Math.abs(pair.a - pair.b) > Math.max(width(pair.spreadA), width(pair.spreadB));
      rows.push({ scenario, request, metric, pair, ...(notJudged ? { notJudged } : { disagree }) });
    }
  return rows;
}

const f = (v: number) => (Number.isFinite(v) ? `${+v.toFixed(2)}` : 'not measured');
const range = ([lo, hi]: [number, number]) => (Number.isFinite(lo) ? `${f(lo)}–${f(hi)}` : 'not measured');

/** Each generator's own CPU per round: k6's worst script p95, Locust's busiest process p95 (% of one core). */
function cpuLine(runs: RunData[]): string {
  const k6 = runs.map((r) => maxOf(r.scripts.map((s) => s.generatorCpu.p95Percent)));
  const locust = runs.map(
    (r) => r.locust?.generatorCpu?.busiestP95Percent ?? r.locust?.generatorCpu?.p95Percent ?? NaN,
  );
  const list = (xs: number[]) => xs.map((x) => (Number.isFinite(x) ? `${x.toFixed(0)} %` : 'not measured')).join(', ');
  const hot = (xs: number[]) => xs.some((x) => x >= GENERATOR_CPU_LIMIT);
  const saturated = [hot(k6) ? 'k6' : '', hot(locust) ? 'Locust' : ''].filter(Boolean);
  return (
    `Generator CPU per round (p95, % of one core): k6 ${list(k6)}; Locust's busiest process ${list(locust)}. ` +
    (saturated.length
      ? `${saturated.join(' and ')} reached ${GENERATOR_CPU_LIMIT} % of a core: that generator's latencies include its own queueing, and a disagreement is the client's before it is the service's.`
      : `Neither reached ${GENERATOR_CPU_LIMIT} % of a core.`)
  );
}

export function renderGeneratorSpread(runs: RunData[], targets: TargetsFile, suite: string): string {
  if (!runs.some((r) => r.locust?.rows?.length)) return '';
  const rows = generatorSpreadRows(runs, targets, suite);
  const apart = rows.filter((r) => r.disagree);
  return [
    `## k6 and Locust side by side (median and min–max over ${runs.length} round${runs.length > 1 ? 's' : ''})`,
    '',
    'Each round ran k6 first, then Locust, against the same freshly started service. Locust reports req/s over its whole run (spawn ramp included) and its percentiles rounded to its histogram buckets; k6 over its load span. A row disagrees when the medians are further apart than the larger of the two spreads (max − min).',
    '',
    cpuLine(runs),
    '',
    `**Disagreements**: ${apart.length ? apart.map((r) => `${r.request} ${r.metric} (k6 ${f(r.pair.a)}, Locust ${f(r.pair.b)})`).join('; ') : 'none beyond the spread'}`,
    '',
    table(
      ['Operation', 'Metric', 'k6 median', 'k6 min–max', 'Locust median', 'Locust min–max', 'Locust vs k6', 'Verdict'],
      rows.map((r) => [
        r.request,
        r.metric,
        f(r.pair.a),
        range(r.pair.spreadA),
        f(r.pair.b),
        range(r.pair.spreadB),
        Number.isFinite(r.pair.changePercent)
          ? `${r.pair.changePercent > 0 ? '+' : ''}${r.pair.changePercent.toFixed(0)} %`
          : 'not measured',
        r.notJudged
          ? `not judged: ${r.notJudged}`
          : r.disagree
            ? 'DISAGREE: beyond the spread'
            : 'agree within the spread',
      ]),
    ),
    '',
  ].join('\n');
}
