import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline } from '../baseline';
import { emptyTree } from '../profile/cpuprofile';
import type { GroupCpu } from '../profile/stack-cpu';
import { summarise, type PackageShare } from '../profile/summary';
import { loadTargets } from '../targets/targets';
import { tableRow } from '../testing/table-row';
import { packageCosts } from './cpu-by-package';
import { compareCpu, isMeasured } from './cpu-per-request';
import type { RunData } from './model';
import { baselineCpu } from './render/baseline-cpu';

// Issue 14: where the service's extra CPU per request goes, package by package, on the recorded
// notifications smoke run and its baseline (machine tables as both halves recorded them) with
// profile shares set here: each half's package share × its CPU per request, and the difference.
const fx = <T = RunData>(f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8')) as T;
const machine = () => fx<{ service: GroupCpu[]; baseline: GroupCpu[] }>('notifications-smoke.machine.json');
const targets = loadTargets();

const shares = (entries: [string, number][]): PackageShare[] =>
  entries.map(([name, share]) => ({ name, selfMs: share * 1000, share, withInternalsShare: share }));
const profiled = (m: GroupCpu[], packages: PackageShare[]) => ({ ...summarise([], emptyTree(), 1000, m), packages });

const SERVICE = shares([
  ['pg', 0.3],
  ['@nestjs/core', 0.1],
  ['ours', 0.2],
  ['node internals', 0.4],
]);
const BASELINE = shares([
  ['pg', 0.5],
  ['ours', 0.1],
  ['node internals', 0.4],
]);

const run = (baselinePackages: PackageShare[] | null = BASELINE) => {
  const service: RunData = {
    ...fx('notifications-smoke.service.run.json'),
    cpuProfile: profiled(machine().service, SERVICE),
  };
  const base: RunData = {
    ...fx('notifications-smoke.baseline.run.json'),
    cpuProfile: baselinePackages
      ? profiled(machine().baseline, baselinePackages)
      : { notMeasured: 'bare baselines are not profiled (they have no hook)', machine: machine().baseline },
  };
  return attachBaseline(service, base, targets, true);
};

describe('CPU per request by package, service vs baseline', () => {
  it("is each half's package share times its CPU per request, largest difference first", () => {
    const r = run();
    const c = compareCpu(r)!;
    if (!isMeasured(c.service) || !isMeasured(c.baseline)) throw new Error('fixture halves are measured');
    const s = c.service.msPerRequest;
    const b = c.baseline.msPerRequest;
    const costs = packageCosts(r);
    if ('notMeasured' in costs) throw new Error(costs.notMeasured);
    expect(costs.serviceMs).toBe(s);
    expect(costs.baselineMs).toBe(b);
    const byName = new Map(costs.rows.map((row) => [row.name, row]));
    expect(byName.get('pg')).toEqual({ name: 'pg', serviceMs: 0.3 * s, baselineMs: 0.5 * b });
    // A package only one half has: 0 in the other.
    expect(byName.get('@nestjs/core')).toEqual({ name: '@nestjs/core', serviceMs: 0.1 * s, baselineMs: 0 });
    const differences = costs.rows.map((row) => row.serviceMs - row.baselineMs);
    expect(differences).toEqual([...differences].sort((x, y) => y - x));
    // The rows partition each half's CPU per request.
    expect(costs.rows.reduce((a, row) => a + row.serviceMs, 0)).toBeCloseTo(s, 12);
    expect(costs.rows.reduce((a, row) => a + row.baselineMs, 0)).toBeCloseTo(b, 12);
  });

  it('renders the rows in µs and a total row in the baseline section', () => {
    const r = run();
    const c = compareCpu(r)!;
    if (!isMeasured(c.service) || !isMeasured(c.baseline)) throw new Error('fixture halves are measured');
    const us = (x: number) => `${(x * 1000).toFixed(0)} µs`;
    const section = baselineCpu(r);
    expect(section).toContain('### Where the difference goes, by package');
    expect(tableRow(section, '@nestjs/core')).toEqual([
      '@nestjs/core',
      us(0.1 * c.service.msPerRequest),
      us(0),
      us(0.1 * c.service.msPerRequest),
    ]);
    expect(tableRow(section, 'all')).toEqual([
      'all',
      us(c.service.msPerRequest),
      us(c.baseline.msPerRequest),
      us(c.service.msPerRequest - c.baseline.msPerRequest),
    ]);
  });

  it('says why when a half has no profile', () => {
    expect(packageCosts(run(null))).toEqual({
      notMeasured: 'the baseline half has no CPU profile (bare baselines are not profiled (they have no hook))',
    });
    expect(baselineCpu(run(null))).toContain(
      'By package: not measured: the baseline half has no CPU profile (bare baselines are not profiled (they have no hook)).',
    );
  });
});
