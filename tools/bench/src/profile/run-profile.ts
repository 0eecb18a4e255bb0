import { join } from 'node:path';
import type { StartedService } from '../service';
import type { SuiteDef } from '../suites';
import { REPO_ROOT } from '../paths';
import type { CpuProfileSummary } from './summary';
import { hasProfileHook, profileEnv, WindowProfiler } from './window-profiler';

// Whether a run profiles its service, and the profiler (or why not) the run loop calls.

export interface ProfilingPlan {
  env?: Record<string, string>;
  why?: string;
}

export function cpuProfileFor(suite: SuiteDef, dir: string): ProfilingPlan {
  if (suite.kind !== 'service') return { why: 'bare baselines are not profiled (they have no hook)' };
  if (!hasProfileHook(suite.root ?? REPO_ROOT))
    return { why: `the checkout at ${suite.root} predates the runtime's CPU profile hook` };
  return { env: profileEnv(dir) };
}

export interface RunProfiler {
  startAfter?: (warmupSeconds: number) => void;
  stop?: (script: string) => Promise<void>;
  summary: (title: string) => CpuProfileSummary | { notMeasured: string };
}

export function profilerFor(
  plan: ProfilingPlan,
  service: StartedService,
  dir: string,
  log: (s: string) => void,
): RunProfiler {
  const why =
    plan.why ??
    (!service.startedByBench || service.pid === undefined
      ? 'the service was already running (not started by the bench), so it has no CPU_PROFILE_DIR'
      : undefined);
  if (why) return { summary: () => ({ notMeasured: why }) };
  const stackDir = process.env.STACK_DIR ?? join(REPO_ROOT, '.stack');
  const p = new WindowProfiler({ dir, servicePids: service.pids ?? [service.pid!], stackDir, log });
  return {
    startAfter: (w) => p.startAfter(w),
    stop: (script) => p.stop(script),
    summary: (title) => p.summary(title),
  };
}
