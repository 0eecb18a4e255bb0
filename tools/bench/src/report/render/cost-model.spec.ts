import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Argon2CostFile } from '../../argon2-cost/cost-file';
import { loadTargets, type TargetsFile } from '../../targets/targets';
import { tableRow } from '../../testing/table-row';
import { endpointGrade, overall } from '../grade';
import type { RunData } from '../model';
import { emptyCells, renderReport } from '../write-report';
import { costModel, costModelRows } from './cost-model';

// Recorded inputs: a real auth smoke run (its one script relabelled as the hash-bound ones) and
// a real `npm run argon2-cost` output.
const fx = (f: string) => readFileSync(join(__dirname, '..', 'fixtures', f), 'utf8');
const cost = (): Argon2CostFile => JSON.parse(fx('argon2-cost.json')) as Argon2CostFile;

function hashBoundRun(withCost = true, rps = 40): RunData {
  const run = JSON.parse(fx('baseline-auth-smoke.run.json')) as RunData;
  const script = run.scripts[0];
  run.scripts = ['register', 'login'].map((name) => ({
    ...script,
    script: name,
    series: { ...script.series, avgRps: rps },
  }));
  if (withCost) run.argon2Cost = cost();
  run.profile = 'load';
  return run;
}

function withCeilingBar(t: TargetsFile, gte: number): TargetsFile {
  const copy = JSON.parse(JSON.stringify(t)) as TargetsFile;
  copy.suites.auth.scenarios.login.hash_ceiling_ratio = { gte };
  return copy;
}

describe('the auth report’s argon2 cost model', () => {
  const targets = loadTargets();

  it('shows every measured set, marks the service’s, and puts register/login beside the ceiling', () => {
    const run = hashBoundRun();
    const md = costModel(run);
    const service = cost().sets.find((s) => s.memoryKib === 7_168 && s.iterations === 5)!;
    expect(md).toContain('## Password hashing: the cost model');
    for (const s of cost().sets) expect(md).toContain(s.name);
    expect(md).toMatch(/7 MiB × 5 .*← service/);
    const register = tableRow(md, 'register');
    expect(register[1]).toBe('40.0 req/s');
    expect(register[2]).toBe(
      `${service.ceilingHashesPerSecond.toFixed(service.ceilingHashesPerSecond >= 100 ? 0 : 1)} req/s`,
    );
    expect(register[3]).toBe(`${((40 / service.ceilingHashesPerSecond) * 100).toFixed(0)} %`);
    expect(emptyCells(renderReport(run, targets, []))).toEqual([]);
  });

  it('uses the parameters the bench gave the service', () => {
    const run = hashBoundRun();
    run.config.serviceEnv = { ARGON2_MEMORY_KIB: '19456', ARGON2_ITERATIONS: '2' };
    expect(costModel(run)).toMatch(/19 MiB × 2 .*← service/);
    run.config.serviceEnv = { ARGON2_MEMORY_KIB: '65536', ARGON2_ITERATIONS: '3' };
    expect(tableRow(costModel(run), 'login')[2]).toMatch(/^not measured: .*65536 KiB/);
  });

  it('says so when no measurement was recorded, and grades nothing then', () => {
    const run = hashBoundRun(false);
    expect(costModel(run)).toContain('Not measured: no `load-tests/auth/argon2-cost.json`');
    expect(costModelRows(run, withCeilingBar(targets, 0.8)).every((r) => r.ok === null)).toBe(true);
  });

  it('counts the ceiling bar in the verdict', () => {
    const service = cost().sets.find((s) => s.memoryKib === 7_168)!;
    const slow = hashBoundRun(true, service.ceilingHashesPerSecond * 0.5);
    const rows = costModelRows(slow, withCeilingBar(targets, 0.8));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scope: 'login', ok: false, target: '≥ 0.8' });
    expect(overall(slow, withCeilingBar(targets, 0.8))).toBe(false);
    const fast = hashBoundRun(true, service.ceilingHashesPerSecond * 0.9);
    expect(costModelRows(fast, withCeilingBar(targets, 0.8))[0].ok).toBe(true);
  });

  it('shows the ratio but does not grade it under smoke', () => {
    const run = hashBoundRun(true, 1);
    run.profile = 'smoke';
    expect(costModelRows(run, withCeilingBar(targets, 0.8))[0]).toMatchObject({ ok: null, why: expect.any(String) });
  });

  it('leaves the hash-bound login without a latency bar of its own, keeping a profile’s', () => {
    const run = hashBoundRun();
    const login = { ...run.scripts[1].series.endpoints[0], scenario: 'login', name: 'POST /auth/login' };
    expect(endpointGrade(run, targets, login)).toMatchObject({ ok: null, why: expect.stringMatching(/hash-bound/) });
    run.profile = 'smoke';
    expect(endpointGrade(run, targets, login).target).toBe('p95 < 500 ms');
  });

  it('is absent from other suites’ reports', () => {
    const run = hashBoundRun();
    run.suite = 'notifications';
    expect(costModel(run)).toBe('');
    expect(costModelRows(run, withCeilingBar(targets, 0.8))).toEqual([]);
  });
});
