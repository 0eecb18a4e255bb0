import { meets, resourceTargets, TargetsFile } from '../targets/targets';
import type { EndpointRow, ErrorBreakdown } from '../k6/series-aggregator';
import type { Dist } from '../k6/stats';
import type { Recovery } from '../recovery';
import { emptyErrors } from '../k6/series-aggregator';
import { LevelResult, RunData } from './model';
import {
  allRows,
  endpointGrade,
  failReasons,
  GradeRow,
  overall,
  resourceRows,
  thresholdRows,
  throughputRows,
} from './grade';
import { Bottleneck, bottlenecks, GENERATOR_COMPONENT, generatorSaturation, Saturation, sharedCpu } from './verdicts';
import { runTotals, RunTotals } from './totals';

// Everything REPORT.md states, computed once from the run and the targets: numbers and
// verdicts only. The renderers (render/*.ts) turn these into markdown and compute nothing.

export interface CapacityFacts {
  levels: LevelResult[];
  /** first level that missed a target */
  broken?: LevelResult;
  /** highest level that met every target */
  best?: LevelResult;
  /** highest req/s of a level that met every target (null: none did) */
  maxRps: number | null;
  /** the level maxRps was reached at */
  maxRpsLevel?: LevelResult;
  /** seconds left out at the start of each level's scripts (--warmup): levels are graded after it */
  warmupSeconds: number;
  /** the first resource to reach its limit walking up the levels, or the closest one if none did */
  saturation?: FirstSaturation;
  /** per level (same order): its hard limit nearest reached; null: none measured; undefined: not ranked (older run) */
  nearestLimit: (Bottleneck | null | undefined)[];
}

export interface FirstSaturation {
  level: LevelResult;
  resource: Bottleneck;
  /** false: no resource reached its limit at any level; `resource` came closest (at the last level) */
  reached: boolean;
  /** the load generator was that resource: the service's own limit was not found */
  generator: boolean;
  /** the same resource's utilisation at every level that measured it, in order */
  trend: { level: number; utilisation: number }[];
  /** the next hard limits at that level, busiest first */
  next: Bottleneck[];
}

/** Utilisation (measured / limit) at which a resource counts as saturated. */
export const SATURATED = 1;

/**
 * A level's hard limits (cores, event loops, the generator), busiest first. A targets.json bar
 * missed (CPU < 80 %, lag < 1,000) breaks the level; it does not make the resource saturated.
 */
export const capacityLimits = (l: LevelResult): Bottleneck[] => (l.saturation ?? []).filter((b) => b.capacity);

/**
 * Walks up the levels: the first level where a hard limit was reached names it (the busiest if
 * several were). None was: the closest at the last level that measured any.
 */
export function firstSaturation(levels: LevelResult[]): FirstSaturation | undefined {
  const top = (l: LevelResult) => capacityLimits(l)[0];
  const at = levels.find((l) => (top(l)?.utilisation ?? 0) >= SATURATED);
  const level = at ?? [...levels].reverse().find((l) => top(l));
  const resource = level && top(level);
  if (!level || !resource) return undefined;
  const trend = levels.flatMap((l) => {
    const same = capacityLimits(l).find((b) => b.component === resource.component);
    return same ? [{ level: l.level, utilisation: same.utilisation }] : [];
  });
  return {
    level,
    resource,
    reached: !!at,
    generator: resource.component === GENERATOR_COMPONENT,
    trend,
    next: capacityLimits(level).slice(1, 3),
  };
}

export interface RecoveryFacts {
  rows: (Recovery & { ok: boolean | null })[];
  /** the graded row (target text), when this profile has a recovery bar */
  graded?: GradeRow;
}

export interface ReportFacts {
  totals: RunTotals;
  pass: boolean;
  /** every graded row that failed: each counts in the verdict */
  missed: GradeRow[];
  /** every reason the run FAILs (rows missed, Locust's bars, k6's exit) */
  failReasons: string[];
  thresholds: GradeRow[];
  throughput: GradeRow[];
  /** every endpoint's numbers beside its p95 grade */
  endpoints: { endpoint: EndpointRow; grade: GradeRow }[];
  /** resource rows by target key */
  resources: Map<string, GradeRow>;
  generator: Saturation;
  shared: { shared: boolean; reason: string };
  bottlenecks: Bottleneck[];
  errors: ErrorBreakdown;
  checks: { name: string; passes: number; fails: number; rate: number }[];
  e2e: { path: string; dist: Dist; observed: number }[];
  /** service ÷ bare baseline (--baseline), NaN where a side had no samples */
  baselineRatio?: { rps: number; p95: number };
  recovery?: RecoveryFacts;
  capacity?: CapacityFacts;
}

const ratio = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? x / y : NaN);

function summedErrors(run: RunData): ErrorBreakdown {
  const e = emptyErrors();
  for (const s of run.scripts) {
    for (const k of ['total', 'timeout', 'connection', 'rateLimited', 'http4xx', 'http5xx', 'other'] as const)
      e[k] += s.series.errors[k];
    for (const [st, n] of Object.entries(s.series.errors.byStatus)) e.byStatus[st] = (e.byStatus[st] ?? 0) + n;
  }
  return e;
}

function recoveryFacts(
  run: RunData,
  targets: TargetsFile,
  resources: Map<string, GradeRow>,
): RecoveryFacts | undefined {
  if (!run.recovery?.length) return undefined;
  const bound = resourceTargets(targets, run.suite, run.profile).recovery_seconds;
  return {
    rows: run.recovery.map((r) => ({
      ...r,
      ok: bound === undefined ? null : r.seconds !== null && meets(r.seconds, bound),
    })),
    graded: resources.get('recovery_seconds'),
  };
}

function capacityFacts(run: RunData): CapacityFacts | undefined {
  const levels = run.levels;
  if (!levels?.length) return undefined;
  // Sustained = while meeting every bar: a level that broke one served its req/s out of bounds.
  const maxRpsLevel = levels
    .filter((l) => l.passed && Number.isFinite(l.rps))
    .reduce<LevelResult | undefined>((m, l) => (!m || l.rps > m.rps ? l : m), undefined);
  return {
    levels,
    broken: levels.find((l) => !l.passed),
    best: levels.filter((l) => l.passed).at(-1),
    maxRps: maxRpsLevel?.rps ?? null,
    maxRpsLevel,
    warmupSeconds: run.config.warmupSeconds ?? 0,
    saturation: firstSaturation(levels),
    nearestLimit: levels.map((l) => (l.saturation ? (capacityLimits(l)[0] ?? null) : undefined)),
  };
}

export function reportFacts(run: RunData, targets: TargetsFile): ReportFacts {
  const thresholds = thresholdRows(run);
  const throughput = throughputRows(run, targets);
  const endpoints = run.scripts.flatMap((s) =>
    s.series.endpoints.map((endpoint) => ({ endpoint, grade: endpointGrade(run, targets, endpoint) })),
  );
  const resourceList = resourceRows(run, targets);
  const resources = new Map(resourceList.map((r) => [r.metric, r]));
  return {
    totals: runTotals(run),
    pass: overall(run, targets),
    failReasons: failReasons(run, targets),
    missed: allRows(run, targets).filter((r) => r.ok === false),
    thresholds,
    throughput,
    endpoints,
    resources,
    generator: generatorSaturation(run),
    shared: sharedCpu(run),
    bottlenecks: bottlenecks(run, targets),
    errors: summedErrors(run),
    checks: run.scripts.flatMap((s) =>
      Object.entries(s.series.checks).map(([name, c]) => ({ name, ...c, rate: c.passes / (c.passes + c.fails) })),
    ),
    e2e: run.scripts.flatMap((s) =>
      Object.entries(s.series.e2e).map(([path, d]) => ({
        path,
        dist: d,
        observed: d.delivered / Math.max(1, d.delivered + d.lost),
      })),
    ),
    baselineRatio: run.baseline && {
      rps: ratio(run.baseline.serviceRps, run.baseline.rps),
      p95: ratio(run.baseline.serviceP95, run.baseline.p95),
    },
    recovery: recoveryFacts(run, targets, resources),
    capacity: capacityFacts(run),
  };
}
