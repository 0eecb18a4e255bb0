import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartedService } from '../service';
import type { SuiteDef } from '../suites';
import { REPO_ROOT } from '../paths';
import type { CpuNotProfiled, CpuProfileSummary, HalfProfiling } from './summary';
import { DEFAULT_INTERVAL_US, hasProfileHook, profileEnv, WindowProfiler } from './window-profiler';

// Whether a run profiles its service, and the profiler (or why not) the run loop calls. A
// service the bench started always has the machine's CPU sampled over the measured windows.

/** A half's `--cpu-profile` plan: the env that turns the runtime's hook on, and whether the half is
 * profiled and why not (its run records it as cpuProfile; the report reads it from there). */
export interface ProfilingPlan {
  env?: Record<string, string>;
  profiling: HalfProfiling;
  /** Profile each process itself as well as its cluster workers: a bare baseline's primary does
   * the suite's background work (notifications' delivery) and has the hook; a service's primary has not. */
  primaries?: boolean;
}

/** Why a run's service is left without a V8 profile when `--cpu-profile off` asks. */
export const PROFILE_OFF_WHY =
  'off (--cpu-profile off): no V8 sampling profiler in the service, so it pays none of its cost, as a bare baseline pays none';

const notProfiled = (why: string): ProfilingPlan => ({ profiling: { profiled: false, why } });

export function cpuProfileFor(suite: SuiteDef, dir: string, enabled = true): ProfilingPlan {
  const root = suite.root ?? REPO_ROOT;
  const baseline = suite.kind === 'baseline';
  if (baseline && !baselineHasProfileHook(root, suite.entry))
    return notProfiled('bare baselines are not profiled (they have no hook)');
  if (!enabled) return notProfiled(baseline ? BASELINE_PROFILE_OFF_WHY : PROFILE_OFF_WHY);
  if (!hasProfileHook(root))
    return notProfiled(`the checkout at ${suite.root} predates the runtime's CPU profile hook`);
  return {
    env: profileEnv(dir, DEFAULT_INTERVAL_US),
    profiling: { profiled: true, intervalUs: DEFAULT_INTERVAL_US },
    ...(baseline ? { primaries: true } : {}),
  };
}

const BASELINE_PROFILE_OFF_WHY = 'off (--cpu-profile off), as for its service half';

/** Whether a baseline installs the runtime's hook, itself or through _bare.ts's runClustered: one
 * from before it did (compare runs old refs) would be ended by SIGUSR2. */
function baselineHasProfileHook(root: string, entry: string): boolean {
  const installs = (file: string) =>
    existsSync(join(root, file)) && readFileSync(join(root, file), 'utf8').includes('installCpuProfileHook');
  if (installs(entry)) return true;
  const text = existsSync(join(root, entry)) ? readFileSync(join(root, entry), 'utf8') : '';
  return text.includes('runClustered') && installs('load-tests/baselines/_bare.ts');
}

export interface RunProfiler {
  startAfter?: (warmupSeconds: number) => void;
  stop?: (script: string) => Promise<void>;
  summary: (title: string) => CpuProfileSummary | CpuNotProfiled;
}

export function profilerFor(
  plan: ProfilingPlan,
  service: StartedService,
  dir: string,
  log: (s: string) => void,
): RunProfiler {
  const { profiling } = plan;
  if (!service.startedByBench || service.pid === undefined) {
    const why = profiling.profiled
      ? 'the service was already running (not started by the bench), so it has no CPU_PROFILE_DIR'
      : profiling.why;
    return { summary: () => ({ notMeasured: why }) };
  }
  const stackDir = process.env.STACK_DIR ?? join(REPO_ROOT, '.stack');
  // No V8 profile (--cpu-profile off, an old checkout): the machine's CPU alone, over the same windows.
  const p = new WindowProfiler({
    dir,
    servicePids: service.pids ?? [service.pid],
    primaries: plan.primaries,
    stackDir,
    log,
    ...(profiling.profiled ? { intervalUs: profiling.intervalUs } : { notProfiled: profiling.why }),
  });
  return {
    startAfter: (w) => p.startAfter(w),
    stop: (script) => p.stop(script),
    summary: (title) => p.summary(title),
  };
}
