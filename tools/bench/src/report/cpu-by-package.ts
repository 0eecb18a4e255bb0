import type { PackageShare } from '../profile/summary';
import { compareCpu, isMeasured } from './cpu-per-request';
import type { RunData } from './model';

// Where the service's extra CPU per request goes: each half's V8 profile says what share of its
// server processes' CPU each package took (with the node internals it called: pg's socket writes
// are pg's), and /proc says how much CPU a request cost; share × cost = that package's CPU per
// request in that half. The difference, package by package, is the framework and our code.

export interface PackageCost {
  name: string;
  /** CPU-ms per request in each half; 0 where the half's profile has no such package */
  serviceMs: number;
  baselineMs: number;
}

export type PackageCosts = { rows: PackageCost[]; serviceMs: number; baselineMs: number } | { notMeasured: string };

const profiled = (p: RunData['cpuProfile']): PackageShare[] | undefined =>
  p && 'packages' in p && !p.notMeasured && p.packages.length ? p.packages : undefined;

/** Rows by the difference, largest first; `notMeasured` when a half has no profile or no CPU per request. */
export function packageCosts(run: RunData): PackageCosts {
  const cpu = compareCpu(run);
  if (!cpu) return { notMeasured: run.baselineNotMeasured ?? 'run with --baseline' };
  const service = profiled(run.cpuProfile);
  const baseline = run.baseline?.packages;
  if (!service) return { notMeasured: 'the service half has no CPU profile (--cpu-profile off?)' };
  if (!baseline?.length)
    return {
      notMeasured:
        run.baseline?.profiling?.profiled === false
          ? `the baseline half has no CPU profile (${run.baseline.profiling.why})`
          : 'the baseline half has no CPU profile (a run from before the bench profiled baselines)',
    };
  if (!isMeasured(cpu.service) || !isMeasured(cpu.baseline))
    return { notMeasured: 'a half has no CPU per request (see the table above)' };
  const s = cpu.service.msPerRequest;
  const b = cpu.baseline.msPerRequest;
  const names = [...new Set([...service, ...baseline].map((p) => p.name))];
  const at = (list: PackageShare[], name: string) => list.find((p) => p.name === name)?.withInternalsShare ?? 0;
  const rows = names
    .map((name) => ({ name, serviceMs: at(service, name) * s, baselineMs: at(baseline, name) * b }))
    .sort((x, y) => y.serviceMs - y.baselineMs - (x.serviceMs - x.baselineMs));
  return { rows, serviceMs: s, baselineMs: b };
}
