import type { EndpointRow } from './k6/series-aggregator';
import { BaselineOperation, BaselineRun, RunData } from './report/model';
import { Bound, describeBound, meets, TargetsFile } from './targets/targets';

// Service vs bare baseline. A like-for-like baseline serves the suite's whole mix under the
// same k6 scripts, so every hot operation is compared with its twin and graded against the
// project goal in targets.json (`baseline_goal`): throughput ≥ 0.8× the baseline's at equal
// p95 (closed model), p95 ≤ 1.25× the baseline's at the same offered rate (open model, where
// req/s under 0.8× means the service did not keep up with the rate both were offered).

export interface BaselineGoal {
  source: string;
  /** closed model: service req/s ÷ baseline req/s */
  throughput_ratio: Bound;
  /** "at equal p95" (closed) and "at the same offered rate" (open): service p95 ÷ baseline p95 */
  p95_ratio: Bound;
}

export const DEFAULT_GOAL: BaselineGoal = {
  source: 'issue 14 (project performance goal)',
  throughput_ratio: { gte: 0.8 },
  p95_ratio: { lte: 1.25 },
};

/** Profiles whose shapes are VUs for every scenario (load-tests/lib/profiles.js smoke, level). */
const CLOSED_PROFILES = new Set(['smoke', 'levels']);

interface OpStats {
  name: string;
  rps: number;
  p95: number;
  p50: number;
  errorRate: number;
  requests: number;
}

/** Per k6 scenario (= operation) and request name: rate over its script's span, latency, errors. */
export function operationStats(run: RunData): Map<string, OpStats & { scenario: string }> {
  const out = new Map<string, OpStats & { scenario: string }>();
  for (const s of run.scripts) {
    const span = Math.max(1, s.series.end - s.series.start);
    for (const e of s.series.endpoints as EndpointRow[]) {
      if (!e.scenario || !e.count) continue;
      out.set(`${e.scenario} ${e.name}`, {
        scenario: e.scenario,
        name: e.name,
        rps: e.count / span,
        p95: e.p95,
        p50: e.p50,
        errorRate: e.failed / e.count,
        requests: e.count,
      });
    }
  }
  return out;
}

/** The hot operations both sides served: the suite's non-async scenarios, side by side. */
export function compareOperations(service: RunData, base: RunData, targets: TargetsFile): BaselineOperation[] {
  const suite = targets.suites[service.suite];
  if (!suite) return [];
  const goal = targets.baseline_goal ?? DEFAULT_GOAL;
  const svc = operationStats(service);
  const bl = operationStats(base);
  const ops: BaselineOperation[] = [];
  for (const [key, s] of svc) {
    const sc = suite.scenarios[s.scenario];
    const b = bl.get(key);
    if (!sc || sc.kind === 'async' || !b) continue;
    const open = sc.rate_rps !== undefined && !CLOSED_PROFILES.has(service.profile);
    const rpsRatio = s.rps / b.rps;
    const p95Ratio = s.p95 / b.p95;
    const failures: string[] = [];
    // Open model: both sides were offered the same rate, so req/s below the goal means the
    // service fell behind it (the "same offered rate" no longer holds); closed: the goal itself.
    if (!meets(rpsRatio, goal.throughput_ratio))
      failures.push(`throughput ${rpsRatio.toFixed(2)}× (goal ${describeBound(goal.throughput_ratio)}×)`);
    if (!meets(p95Ratio, goal.p95_ratio))
      failures.push(`p95 ${p95Ratio.toFixed(2)}× (goal ${describeBound(goal.p95_ratio)}×)`);
    const measured = Number.isFinite(rpsRatio) && Number.isFinite(p95Ratio);
    // Smoke is functional (a few VUs from a cold start): the ratios are shown, not graded.
    const why = !measured
      ? 'a side had no samples'
      : service.profile === 'smoke'
        ? 'smoke: shown, not graded'
        : undefined;
    ops.push({
      operation: s.scenario,
      name: s.name,
      model: open ? 'open' : 'closed',
      serviceRps: s.rps,
      baselineRps: b.rps,
      serviceP95: s.p95,
      baselineP95: b.p95,
      rpsRatio,
      p95Ratio,
      ok: why ? null : failures.length === 0,
      failures,
      ...(why ? { why } : {}),
    });
  }
  return ops.sort((a, b) => a.operation.localeCompare(b.operation) || a.name.localeCompare(b.name));
}

export function attachBaseline(service: RunData, base: RunData, targets: TargetsFile, likeForLike = false): RunData {
  const scenario = targets.suites[service.suite]?.hottest ?? '';
  const pick = (run: RunData) =>
    [...operationStats(run).values()].filter((o) => o.scenario === scenario).sort((a, b) => b.requests - a.requests)[0];
  const svc = pick(service);
  const bl = pick(base);
  if (!svc || !bl) {
    return {
      ...service,
      baselineNotMeasured: `no "${scenario}" requests in ${svc ? 'the baseline' : 'the service'} run`,
    };
  }
  const baseline: BaselineRun = {
    name: `load-tests/baselines/${service.suite}.ts (${bl.name}${likeForLike ? ', the hottest operation; every operation in the per-operation table' : ''})`,
    description: likeForLike
      ? "bare node:http server with the service's SQL, Redis and Kafka calls, worker count and pools, under the suite's own k6 scripts"
      : 'bare node:http server doing the same essential I/O on the hottest endpoint',
    rps: bl.rps,
    p95: bl.p95,
    p50: bl.p50,
    errorRate: bl.errorRate,
    requests: bl.requests,
    serviceRps: svc.rps,
    serviceP95: svc.p95,
    likeForLike,
    operations: compareOperations(service, base, targets),
    goal: targets.baseline_goal ?? DEFAULT_GOAL,
  };
  return { ...service, baseline };
}
