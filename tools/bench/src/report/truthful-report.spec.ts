import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets, TargetsFile } from '../targets/targets';
import { PromSnapshot } from '../collectors/prometheus';
import { METRICS } from '../compare';
import { levelResult } from '../levels';
import { repeatRows } from '../repeatability';
import { RunData } from './model';
import { allRows, overall, resourceRows } from './grade';
import { bottlenecks } from './verdicts';
import { emptyCells, renderReport } from './write-report';
import { runTotals, worstEndpoint } from './totals';
import { tableRow, tableRowStarting } from '../testing/table-row';

// Issue 14, "a report that is true in every line": each fix on the recorded fixtures.
const fx = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');
const recorded = (): RunData => JSON.parse(fx('baseline-auth-smoke.run.json')) as RunData;
const promSnapshot = (): PromSnapshot => JSON.parse(fx('prometheus-job-prometheus.json')) as PromSnapshot;
const targets = loadTargets();
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('application instances come from the service, not a constant', () => {
  it('prints the cluster workers the bench counted', () => {
    const run = recorded();
    run.config.serviceInstances = { count: 2, cluster: true, pid: 4242 };
    expect(tableRow(renderReport(run, targets, []), 'Application instances')[1]).toMatch(
      /^2 cluster workers \(node:cluster, one event loop each; child processes of pid 4242/,
    );
    run.config.serviceInstances = { count: 1, cluster: false, pid: 7 };
    expect(tableRow(renderReport(run, targets, []), 'Application instances')[1]).toMatch(/^1 process \(no cluster/);
  });

  it('says why when they were not counted', () => {
    const run = recorded(); // recorded before the count existed
    expect(tableRow(renderReport(run, targets, []), 'Application instances')[1]).toMatch(/^not measured: /);
    run.config.serviceInstances = { count: null, notMeasured: 'the service was not started by the bench' };
    expect(tableRow(renderReport(run, targets, []), 'Application instances')[1]).toBe(
      'not measured: the service was not started by the bench',
    );
  });

  it('ranks the event loops against the cores the workers can use', () => {
    const run = { ...recorded(), profile: 'load', prometheus: promSnapshot() };
    const cpu = run.prometheus.stats.cpu_percent.max!;
    run.config.serviceInstances = { count: 2, cluster: true, pid: 1 };
    const loops = bottlenecks(run, targets).find((b) => b.component.startsWith('Node event loops'))!;
    expect(loops.component).toBe('Node event loops (2 cluster workers, one core each)');
    expect(loops.utilisation).toBeCloseTo(cpu / 200, 9);
  });
});

describe('bars print in their unit', () => {
  it('shows the 002 memory bar as bytes, not a raw number', () => {
    const run = { ...recorded(), suite: 'notifications', profile: 'levels', prometheus: promSnapshot() };
    const memory = resourceRows(run, targets).find((r) => r.metric === 'memory_bytes')!;
    expect(memory.target).toBe('< 2.00 GB');
    const md = renderReport(run, targets, []);
    expect(md).not.toContain('2147483648');
    expect(tableRow(md, 'Memory Usage (RSS, all workers)')[4]).toBe('< 2.00 GB');
    expect(tableRowStarting(md, 'CPU usage, all loops summed (% of one core; loop count')[4]).toBe('< 80 %');
  });
});

describe('lock waits are graded from targets.json and count in the verdict', () => {
  const loadRun = (lockWaits: number): RunData => {
    const r = recorded();
    r.profile = 'load';
    r.postgres.after.lockWaits = lockWaits;
    return r;
  };
  const lockRow = (run: RunData, t: TargetsFile = targets) =>
    allRows(run, t).find((r) => r.metric === 'db_lock_waits')!;

  it('uses the 004 bar of the profile level (< 10 sustained, < 50 peak)', () => {
    expect(lockRow(loadRun(9))).toMatchObject({ ok: true, target: '< 10' });
    expect(lockRow(loadRun(10)).ok).toBe(false);
    expect(lockRow({ ...loadRun(49), profile: 'stress' })).toMatchObject({ ok: true, target: '< 50' });
    const t = copy(targets);
    t.resources.levels.normal.db_lock_waits = { lt: 3 };
    expect(lockRow(loadRun(5), t)).toMatchObject({ ok: false, target: '< 3' });
  });

  it('a FAIL row never stands under a PASS verdict', () => {
    const run = loadRun(25);
    const md = renderReport(run, targets, []);
    expect(tableRow(md, 'Lock Waits (after)').slice(4)).toEqual(['< 10', 'FAIL']);
    expect(overall(run, targets)).toBe(false);
    expect(tableRow(md, 'Verdict')[1]).toMatch(/^FAIL — /);
    expect(tableRow(md, 'Targets missed')[1]).toContain('resources db_lock_waits 25 (target < 10)');
    expect(emptyCells(md)).toEqual([]);
  });

  it('says there is no bar where targets.json has none', () => {
    const run = { ...loadRun(500), suite: 'notifications', profile: 'levels' };
    expect(tableRow(renderReport(run, targets, []), 'Lock Waits (after)').slice(4)).toEqual(['N/A', 'n/a (no target)']);
  });

  it('counts an endpoint p95 FAIL in the verdict too', () => {
    const run = recorded();
    run.scripts[0].series.endpoints[0].p95 = 10_000;
    run.scripts[0].thresholds = run.scripts[0].thresholds.map((t) => ({ ...t, ok: true }));
    const md = renderReport(run, targets, []);
    expect(tableRow(md, 'GET /users/:id').at(-1)).toBe('FAIL');
    expect(overall(run, targets)).toBe(false);
  });
});

describe('totals are computed one way', () => {
  function twoEndpoints(): RunData {
    const r = recorded();
    const e = r.scripts[0].series.endpoints[0];
    r.scripts[0].series.endpoints.push({ ...e, name: 'GET /users/me', count: 100, p95: 40, p99: 90 });
    return r;
  }

  it('takes the worst endpoint percentile (a max, and named so)', () => {
    const r = twoEndpoints();
    expect(worstEndpoint(r, 'p95')).toBe(40);
    expect(runTotals(r)).toMatchObject({ worstP95: 40, worstP99: 90 });
    expect(tableRow(renderReport(r, targets, []), 'Worst endpoint p95 / p99')[1]).toBe('40.0 ms / 90.0 ms');
  });

  it('gives the report, compare, levels and repeat the same req/s, p95 and error rate', () => {
    const r = recorded();
    const t = runTotals(r);
    const metric = (key: string) => METRICS.find((m) => m.key === key)!.get(r);
    expect(metric('rps')).toBe(t.avgRps);
    expect(metric('p95')).toBe(t.worstP95);
    expect(metric('error')).toBe(100 * t.errorRate);
    expect(levelResult(1, 2, r, targets)).toMatchObject({ rps: t.avgRps, p95: t.worstP95, errorRate: t.errorRate });
    const all = repeatRows([r, r]).filter((x) => x.scope === 'all requests');
    expect(all.map((x) => x.values[0])).toEqual([t.avgRps, t.worstP95]);
    const span = r.scripts[0].series.end - r.scripts[0].series.start;
    expect(t.avgRps).toBeCloseTo(r.scripts[0].series.totalRequests / span, 9);
  });

  it('floors a script shorter than a second at one second everywhere', () => {
    const r = recorded();
    r.scripts[0].series.end = r.scripts[0].series.start;
    expect(runTotals(r).avgRps).toBe(r.scripts[0].series.totalRequests);
    expect(METRICS.find((m) => m.key === 'rps')!.get(r)).toBe(runTotals(r).avgRps);
  });
});
