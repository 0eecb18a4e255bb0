import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline, compareOperations } from '../baseline';
import { loadTargets } from '../targets/targets';
import { allRows, overall } from './grade';
import { RunData } from './model';
import { renderReport } from './write-report';
import { tableRow } from '../testing/table-row';

// Issue 14: service ÷ like-for-like baseline per operation, on a recorded notifications smoke
// run and its baseline (the suite's own script against load-tests/baselines/notifications.ts).
const fx = (f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8')) as RunData;
const service = () => fx('notifications-smoke.service.run.json');
const baseline = () => fx('notifications-smoke.baseline.run.json');
const targets = loadTargets();
const endpoint = (run: RunData, name: string) =>
  run.scripts[0].series.endpoints.find((e) => e.name === name && e.scenario !== 'delivery')!;

describe('service ÷ like-for-like baseline, per operation', () => {
  it('compares every hot operation of the mix with its twin, not only the hottest', () => {
    const ops = compareOperations(service(), baseline(), targets);
    expect(ops.map((o) => o.operation)).toEqual(['create', 'list', 'mark_read', 'read', 'unread_count']);
    const read = ops.find((o) => o.operation === 'read')!;
    const s = endpoint(service(), 'GET /notifications/:id');
    const b = endpoint(baseline(), 'GET /notifications/:id');
    expect(read.p95Ratio).toBeCloseTo(s.p95 / b.p95, 9);
    const span = (r: RunData) => r.scripts[0].series.end - r.scripts[0].series.start;
    expect(read.rpsRatio).toBeCloseTo(s.count / span(service()) / (b.count / span(baseline())), 9);
    expect(read.model).toBe('closed');
  });

  it('leaves the async delivery path out (it is graded end to end, and the baseline has no worker)', () => {
    expect(compareOperations(service(), baseline(), targets).some((o) => o.operation === 'delivery')).toBe(false);
  });

  it('shows smoke ratios without grading them', () => {
    const run = attachBaseline(service(), baseline(), targets, true);
    const md = renderReport(run, targets, []);
    const row = tableRow(md, 'read');
    expect(row[2]).toBe('closed');
    expect(row[7]).toBe('n/a (smoke: shown, not graded)');
    expect(
      allRows(run, targets)
        .filter((r) => r.scope.startsWith('baseline:'))
        .every((r) => r.ok === null),
    ).toBe(true);
  });

  it('grades the goal from targets.json at load, and a miss counts in the verdict', () => {
    const load = (r: RunData): RunData => ({ ...r, profile: 'load' });
    const run = attachBaseline(load(service()), load(baseline()), targets, true);
    const create = run.baseline!.operations!.find((o) => o.operation === 'create')!;
    // Recorded: the service's create p95 was 2.7× the baseline's (goal ≤ 1.25×).
    expect(create.p95Ratio).toBeGreaterThan(1.25);
    expect(create.ok).toBe(false);
    expect(create.failures.join()).toMatch(/p95 2\.\d\d× \(goal ≤ 1\.25×\)/);
    expect(tableRow(renderReport(run, targets, []), 'create')[7]).toMatch(/^FAIL: p95 /);
    const graded = allRows(run, targets).filter((r) => r.scope.startsWith('baseline:'));
    expect(graded.map((r) => r.ok)).toContain(false);
    expect(overall(run, targets)).toBe(false);
  });

  it('holds an open-model operation to p95 at the same offered rate, and to keeping up with it', () => {
    const goal = { ...targets, suites: { ...targets.suites } };
    const scenarios = goal.suites.notifications.scenarios;
    goal.suites.notifications = {
      ...goal.suites.notifications,
      scenarios: { ...scenarios, read: { ...scenarios.read, rate_rps: 100 } },
    };
    const sides = () => [
      { ...service(), profile: 'load' },
      { ...baseline(), profile: 'load' },
    ];
    const read = (svc: RunData, base: RunData) =>
      compareOperations(svc, base, goal).find((o) => o.operation === 'read')!;
    const [svc, base] = sides();
    // Same rate served, p95 1.2× the baseline's: within the goal.
    endpoint(base, 'GET /notifications/:id').count = endpoint(svc, 'GET /notifications/:id').count;
    endpoint(base, 'GET /notifications/:id').p95 = endpoint(svc, 'GET /notifications/:id').p95 / 1.2;
    const span = (r: RunData) => r.scripts[0].series.end - r.scripts[0].series.start;
    svc.scripts[0].series.end = svc.scripts[0].series.start + span(base);
    expect(read(svc, base)).toMatchObject({ model: 'open', ok: true });
    // Half the baseline's rate: the service fell behind the rate both were offered.
    endpoint(base, 'GET /notifications/:id').count *= 2;
    const behind = read(svc, base);
    expect(behind.ok).toBe(false);
    expect(behind.failures.join()).toMatch(/^throughput 0\.50× \(goal ≥ 0\.8×\)/);
    // Smoke runs every scenario as VUs (load-tests/lib/profiles.js): closed, whatever rate_rps says.
    expect(read(service(), baseline()).model).toBe('closed');
  });

  it("takes the model from the profile's targets: the notifications `rate` profile is open, `load` closed", () => {
    const read = (profile: string) =>
      compareOperations({ ...service(), profile }, { ...baseline(), profile }, targets).find(
        (o) => o.operation === 'read',
      )!;
    expect(read('rate').model).toBe('open');
    expect(read('load').model).toBe('closed');
  });
});
