import { RunData, BaselineRun } from './report/model';
import { TargetsFile } from './targets/targets';

// Service vs bare baseline on the suite's hottest endpoint (scenario named in targets.json).

export function hottestStats(run: RunData, scenario: string) {
  const eps = run.scripts.flatMap((s) =>
    s.series.endpoints.filter((e) => e.scenario === scenario).map((e) => ({ e, s })),
  );
  if (!eps.length) return null;
  const { e, s } = eps.sort((a, b) => b.e.count - a.e.count)[0];
  const span = Math.max(1, s.series.end - s.series.start);
  return {
    name: e.name,
    rps: e.count / span,
    p95: e.p95,
    p50: e.p50,
    errorRate: e.failed / e.count,
    requests: e.count,
  };
}

export function attachBaseline(service: RunData, base: RunData, targets: TargetsFile): RunData {
  const scenario = targets.suites[service.suite]?.hottest ?? '';
  const svc = hottestStats(service, scenario);
  const bl = hottestStats(base, scenario);
  if (!svc || !bl) {
    return {
      ...service,
      baselineNotMeasured: `no "${scenario}" requests in ${svc ? 'the baseline' : 'the service'} run`,
    };
  }
  const baseline: BaselineRun = {
    name: `load-tests/baselines/${service.suite}.ts (${bl.name})`,
    description: 'bare node:http server doing the same essential I/O',
    rps: bl.rps,
    p95: bl.p95,
    p50: bl.p50,
    errorRate: bl.errorRate,
    requests: bl.requests,
    serviceRps: svc.rps,
    serviceP95: svc.p95,
  };
  return { ...service, baseline };
}
