import { Bound, BoundMap, TargetsFile, describeBound, meets, resourceTargets, targetsFor } from '../targets/targets';
import type { EndpointRow } from '../k6/series-aggregator';
import type { ThresholdResult } from '../k6/summary';
import { RunData, ScriptRun } from './model';
import { evaluateOnWindow } from './window-threshold';
import { finite } from './cells';
import { rateOf } from './totals';
import { loopCpu, loopCpuNote } from './loop-cpu';
import { resourceUnit } from './units';
import { baselineGoalRows } from './render/baseline-comparison';
import { costModelRows } from './render/cost-model';
import { MAX_WINDOW_SECONDS } from '../profile/window-profiler';

// PASS/FAIL rows from the targets file: k6's threshold expressions (graded on the post-warm-up
// window the tables show when the run has a warm-up), throughput (scaled like the offered load)
// and the resource bars.

export interface GradeRow {
  scope: string;
  metric: string;
  value: number | null;
  shown: string;
  target: string;
  ok: boolean | null;
  why?: string;
  /** with a warm-up: k6's own verdict over the whole run, warm-up included (shown, not graded) */
  k6?: string;
}

export const THROUGHPUT_PROFILES = new Set(['load', 'soak', 'stress', 'rate']);
export const OPEN_MODEL_TOLERANCE = 0.01;

export function thresholdRows(run: RunData): GradeRow[] {
  return run.scripts.flatMap((s) => s.thresholds.map((t) => thresholdRow(s, t)));
}

/**
 * k6 grades its thresholds over everything it sent, the warm-up included; the tables start
 * after it. With a warm-up the same expression is graded on the tables' window, and k6's
 * verdict stays beside it. Without one, k6's verdict is the grade.
 */
function thresholdRow(s: ScriptRun, t: ThresholdResult): GradeRow {
  const k6Shown = finite(t.actual) ? `${+t.actual.toFixed(3)}` : 'not measured: k6 recorded no samples';
  const row = {
    scope: t.metric.includes('{') ? t.metric.slice(t.metric.indexOf('{') + 1, -1) : s.script,
    metric: t.metric.replace(/\{.*$/, ''),
    target: t.expression,
  };
  if (!s.series.warmupSeconds) return { ...row, value: t.actual, shown: k6Shown, ok: t.ok };
  const k6 = `${k6Shown} ${t.ok ? 'PASS' : 'FAIL'}`;
  const windowed = s.series.windowed?.[t.metric];
  const graded = windowed ? evaluateOnWindow(t.expression, windowed) : null;
  if (!graded) {
    const why = windowed ? 'the window keeps no such aggregate' : 'no samples after the warm-up';
    return { ...row, value: t.actual, shown: k6Shown, ok: t.ok, k6: `${k6} (graded by k6: ${why})` };
  }
  return { ...row, value: graded.actual, shown: `${+graded.actual.toFixed(3)}`, ok: graded.ok, k6 };
}

export function throughputRows(run: RunData, targets: TargetsFile): GradeRow[] {
  const suite = targets.suites[run.suite];
  if (!suite) return [];
  const scale = run.config.rateScale;
  const rows: GradeRow[] = [];
  const scenarios = new Set(run.scripts.flatMap((s) => s.series.endpoints.map((e) => e.scenario)));
  for (const name of scenarios) {
    if (!suite.scenarios[name]) continue;
    const t = targetsFor(targets, run.suite, name, run.profile);
    if (!t.throughput_rps) continue;
    const v = rateOf(run, (e) => e.scenario === name);
    const applies = THROUGHPUT_PROFILES.has(run.profile);
    // An open model offered at exactly the bar can only reach it: the first/last partial
    // seconds and a few dropped iterations put it a hair under. 1 % is not a shortfall.
    // Open model: the bar is the rate the profile offers (targets' rate_rps, a profile may set its
    // own, e.g. the soak's 50 req/s), not the document's load bar, which another profile offers.
    const openModel = t.rate_rps !== undefined;
    const bound = openModel
      ? { gte: t.rate_rps! * scale * (1 - OPEN_MODEL_TOLERANCE) }
      : scaleBound(t.throughput_rps, scale);
    rows.push({
      scope: `scenario:${name}`,
      metric: 'throughput',
      value: v,
      shown: finite(v) ? `${v.toFixed(1)} req/s` : 'not measured: no requests',
      target: `${describeBound(bound, (n) => `${+n.toFixed(1)} req/s`)}${scale !== 1 ? ` (doc bar ×${scale} rate scale)` : ''}${openModel ? ` (offered rate − ${OPEN_MODEL_TOLERANCE * 100} %)` : ''}`,
      ok: applies && finite(v) ? meets(v, bound) : null,
      why: applies ? undefined : `${run.profile} profile does not offer the document's load`,
    });
  }
  return rows;
}

function scaleBound(b: Bound, k: number): Bound {
  if (typeof b === 'number') return b * k;
  return Object.fromEntries(Object.entries(b).map(([op, v]) => [op, (v as number) * k])) as Bound;
}

/** The measured value graded for each resource target key, or why it is missing. */
export function resourceValue(run: RunData, key: string): { value: number | null; why?: string; note?: string } {
  const st = run.prometheus.stats;
  const max = (k: string) => (finite(st[k]?.max) ? st[k].max! : null);
  const whyOf = (k: string) => st[k]?.notMeasured ?? 'metric not collected';
  switch (key) {
    case 'cpu_percent': {
      // Per event loop, as 002/004 mean it (report/loop-cpu.ts); the sum across loops in the note.
      const cpu = loopCpu(run);
      return cpu.value === null ? { value: null, why: cpu.why } : { value: cpu.value, note: loopCpuNote(cpu) };
    }
    case 'memory_bytes':
      return { value: max('memory_bytes'), why: whyOf('memory_bytes') };
    case 'memory_percent': {
      const m = max('memory_bytes');
      return { value: m !== null ? (m / run.machine.memoryBytes) * 100 : null, why: whyOf('memory_bytes') };
    }
    case 'memory_growth_percent': {
      const p = st.memory_bytes?.points;
      if (!p || p.length < 2) return { value: null, why: whyOf('memory_bytes') };
      const { points, note } = afterProfileWindow(run, p);
      return { value: memoryGrowthPercent(points.map((x) => x[1])), note };
    }
    case 'db_connections': {
      // Not pg_stat_activity: after the run it mostly counts the collector's own session.
      return { value: max('db_connections'), why: whyOf('db_connections') };
    }
    case 'db_query_p95_ms':
      return { value: max('db_query_p95_ms'), why: whyOf('db_query_p95_ms') };
    case 'db_lock_waits':
      return finite(run.postgres.after.lockWaits)
        ? { value: run.postgres.after.lockWaits }
        : { value: null, why: run.postgres.after.notMeasured ?? 'pg_locks not read' };
    case 'db_slow_queries':
      return finite(run.postgres.after.slowQueries)
        ? { value: run.postgres.after.slowQueries }
        : { value: null, why: run.postgres.after.notMeasured ?? 'pg_stat_statements unavailable' };
    case 'redis_hit_rate': {
      // The service's own read cache only: Redis INFO's keyspace hits are the whole server's
      // (other clients, and lookups that miss by design such as idempotency keys).
      const v = st.cache_hit_rate?.avg;
      if (finite(v)) return { value: v };
      return {
        value: null,
        why: `${whyOf('cache_hit_rate')} (the service exports no cache_hits_total: no read cache to grade)`,
      };
    }
    case 'redis_latency_p95_ms':
      return { value: max('redis_latency_p95_ms'), why: whyOf('redis_latency_p95_ms') };
    case 'redis_evictions':
      return finite(run.redis.evictions) ? { value: run.redis.evictions } : { value: null, why: run.redis.notMeasured };
    case 'redis_memory_percent':
      return finite(run.redis.memoryPercent)
        ? { value: run.redis.memoryPercent }
        : { value: null, why: run.redis.notMeasured };
    case 'kafka_lag': {
      const v = max('kafka_lag');
      if (v !== null) return { value: v };
      return { value: null, why: whyOf('kafka_lag') };
    }
    case 'recovery_seconds': {
      const rec = run.recovery;
      if (!rec?.length) return { value: null, why: 'recovery is measured after stress and spike runs only' };
      // Not recovered within the probe's timeout counts as the timeout: a FAIL against 30 s.
      return { value: Math.max(...rec.map((r) => r.seconds ?? r.timeoutSeconds)) };
    }
    default:
      return { value: null, why: `no collector for "${key}"` };
  }
}

export function resourceRows(run: RunData, targets: TargetsFile): GradeRow[] {
  const bars: BoundMap = resourceTargets(targets, run.suite, run.profile);
  // Smoke is functional (002 Phase 1: no errors, checks pass, p95): 30 s from a cold start says
  // nothing about a cache hit rate or CPU at load, and CI must not fail on that. Shown, not graded.
  const graded = run.profile !== 'smoke';
  return Object.entries(bars).map(([key, bound]) => {
    const { value, why, note } = resourceValue(run, key);
    const unit = resourceUnit(key);
    const row = {
      scope: 'resources',
      metric: key,
      value,
      shown: finite(value) ? `${unit(value)}${note ? ` (${note})` : ''}` : `not measured: ${why ?? 'no samples'}`,
      target: describeBound(bound, unit),
    };
    if (!graded) return { ...row, ok: null, why: 'smoke: resources shown, not graded' };
    return { ...row, ok: finite(value) ? meets(value, bound) : null };
  });
}

/**
 * One endpoint's p95 against its scenario's bar (the response-times table): a row that can
 * FAIL there counts in the verdict like every other.
 */
export function endpointGrade(run: RunData, targets: TargetsFile, e: EndpointRow): GradeRow {
  const suite = targets.suites[run.suite];
  const t = suite?.scenarios[e.scenario] ? targetsFor(targets, run.suite, e.scenario, run.profile) : undefined;
  const row = { scope: `endpoint:${e.name}`, metric: 'p95', value: e.p95, shown: `${+e.p95.toFixed(2)} ms` };
  // An async scenario's bar is accepted → effect (e2e_latency_ms), not one request's time.
  const why = !t
    ? 'scenario not in targets.json'
    : t.kind === 'async'
      ? 'async scenario: graded end to end'
      : undefined;
  const bar = why ? undefined : t?.latency_ms?.p95;
  if (bar === undefined) {
    // A hash-bound scenario has no latency bar of its own (a profile's, e.g. smoke's, still applies).
    const none =
      why ?? (t?.kind === 'hash_bound' ? 'hash-bound scenario: graded as req/s ÷ the argon2 ceiling' : 'no p95 bar');
    return { ...row, target: `n/a (${none})`, ok: null, why: none };
  }
  return { ...row, target: `p95 ${describeBound(bar)} ms`, ok: finite(e.p95) ? meets(e.p95, bar) : null };
}

export function endpointRows(run: RunData, targets: TargetsFile): GradeRow[] {
  return run.scripts.flatMap((s) => s.series.endpoints.map((e) => endpointGrade(run, targets, e)));
}

export function allRows(run: RunData, targets: TargetsFile): GradeRow[] {
  return [
    ...thresholdRows(run),
    ...throughputRows(run, targets),
    ...endpointRows(run, targets),
    ...resourceRows(run, targets),
    ...baselineGoalRows(run),
    ...costModelRows(run, targets),
  ];
}

/**
 * k6 exits 99 when a threshold failed. With a warm-up every threshold is graded again on the
 * measured window (its row counts), so k6's whole-run 99 alone does not fail the run.
 */
const K6_THRESHOLDS_FAILED = 99;
function k6ExitOk(s: ScriptRun): boolean {
  return s.exitCode === 0 || (s.exitCode === K6_THRESHOLDS_FAILED && !!s.series.warmupSeconds);
}

/** Overall: FAIL when any graded row failed; k6's exit code and Locust's bars count too. */
export function overall(run: RunData, targets: TargetsFile): boolean {
  return failReasons(run, targets).length === 0;
}

/** Why a run FAILs, each reason once: the verdict line names them all, not only the k6 rows. */
export function failReasons(run: RunData, targets: TargetsFile): string[] {
  const missed = allRows(run, targets).filter((r) => r.ok === false).length;
  const k6Failed = run.scripts.filter((s) => !k6ExitOk(s)).map((s) => `${s.script} (exit ${s.exitCode})`);
  return [
    ...(missed ? [`${missed} target(s) missed`] : []),
    ...(run.locust?.pass === false ? ['Locust missed its bars (see the Locust section)'] : []),
    ...(k6Failed.length ? [`k6 failed: ${k6Failed.join(', ')}`] : []),
  ];
}

/**
 * The memory samples a growth figure can trust. While the CPU profiler's window is open (warm-up
 * + at most MAX_WINDOW_SECONDS) V8 keeps every sample, so RSS rises and falls with it: a soak's
 * growth is graded from the window's end on, when enough of the run is left (half of it).
 */
export function afterProfileWindow(
  run: RunData,
  points: [number, number][],
): { points: [number, number][]; note?: string } {
  if (!run.cpuProfile || 'notMeasured' in run.cpuProfile) return { points };
  const warmup = Math.max(0, ...run.scripts.map((s) => s.series.warmupSeconds ?? 0));
  const skip = warmup + MAX_WINDOW_SECONDS + PROFILE_SETTLE_SECONDS;
  const after = points.filter(([t]) => t >= points[0][0] + skip);
  if (after.length < 2 || after.length < points.length / 2) return { points };
  return { points: after, note: `from ${skip} s on, after the CPU profile's window` };
}

/** RSS takes a few samples to settle once the profiler stops. */
const PROFILE_SETTLE_SECONDS = 30;

/**
 * Growth over the run after warm-up: the first tenth of the samples is start-up (JIT, pools,
 * caches filling); the mean of the next tenth is compared with the mean of the last tenth.
 */
export function memoryGrowthPercent(values: number[]): number {
  const tenth = Math.max(1, Math.floor(values.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const early = values.length >= 3 * tenth ? values.slice(tenth, 2 * tenth) : values.slice(0, tenth);
  const late = values.slice(-tenth);
  return ((mean(late) - mean(early)) / mean(early)) * 100;
}
