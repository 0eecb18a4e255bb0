import type { EndpointRow } from './k6/series-aggregator';
import { BaselineOperation, BaselineRun, RunData } from './report/model';
import { halfCpu } from './report/cpu-per-request';
import { profilingOf } from './profile/summary';
import { Bound, describeBound, meets, TargetsFile, targetsFor } from './targets/targets';

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

export type Operation = OpStats & { script: string; scenario: string };

/**
 * Per k6 script, scenario (= operation) and request name: rate over its script's span,
 * latency, errors. Keyed by all three: two scripts may tag requests alike (ingestion's
 * ingestion-load and soak-test both say `ingest`), and they are different loads.
 */
export function operationStats(run: RunData): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const s of run.scripts) {
    const span = Math.max(1, s.series.end - s.series.start);
    for (const e of s.series.endpoints as EndpointRow[]) {
      if (!e.scenario || !e.count) continue;
      const script = e.script || s.script;
      out.set(operationKey(script, e.scenario, e.name), {
        script,
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

export const operationKey = (script: string, scenario: string, name: string) => `${script} ${scenario} ${name}`;

/**
 * The baseline's twin of a service operation: the same one in the same script (a
 * like-for-like baseline runs the suite's scripts); else, when the baseline ran a script of
 * its own (load-tests/baselines/<suite>.k6.js), the same scenario and request there.
 */
export function twinOf(
  op: Operation,
  base: Map<string, Operation>,
  serviceScripts: Set<string>,
): Operation | undefined {
  const same = base.get(operationKey(op.script, op.scenario, op.name));
  if (same) return same;
  return [...base.values()]
    .filter((b) => !serviceScripts.has(b.script) && b.scenario === op.scenario && b.name === op.name)
    .sort((x, y) => y.requests - x.requests)[0];
}

/** The hot operations both sides served: the suite's non-async scenarios, side by side, per script. */
export function compareOperations(service: RunData, base: RunData, targets: TargetsFile): BaselineOperation[] {
  const suite = targets.suites[service.suite];
  if (!suite) return [];
  const goal = targets.baseline_goal ?? DEFAULT_GOAL;
  const svc = operationStats(service);
  const bl = operationStats(base);
  const serviceScripts = new Set([...svc.values()].map((o) => o.script));
  // A scenario two scripts share is named with its script in the table.
  const scriptsOf = (scenario: string) =>
    new Set([...svc.values()].filter((o) => o.scenario === scenario).map((o) => o.script)).size;
  const ops: BaselineOperation[] = [];
  for (const s of svc.values()) {
    const sc = suite.scenarios[s.scenario];
    const b = twinOf(s, bl, serviceScripts);
    if (!sc || sc.kind === 'async' || !b) continue;
    const open =
      targetsFor(targets, service.suite, s.scenario, service.profile).rate_rps !== undefined &&
      !CLOSED_PROFILES.has(service.profile);
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
      operation: scriptsOf(s.scenario) > 1 ? `${s.scenario} (${s.script}.js)` : s.scenario,
      script: s.script,
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
  const svcOps = operationStats(service);
  const svc = [...svcOps.values()].filter((o) => o.scenario === scenario).sort((a, b) => b.requests - a.requests)[0];
  // Its twin in the same script, not the busiest "ingest" of any script.
  const bl = svc && twinOf(svc, operationStats(base), new Set([...svcOps.values()].map((o) => o.script)));
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
    cpu: halfCpu(base),
    ...(base.cpuProfile ? { profiling: profilingOf(base.cpuProfile) } : {}),
    ...(base.cpuProfile && 'packages' in base.cpuProfile && !base.cpuProfile.notMeasured
      ? { packages: base.cpuProfile.packages }
      : {}),
  };
  return { ...service, baseline };
}
