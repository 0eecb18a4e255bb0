import { serverGroup, type GroupCpu } from '../profile/stack-cpu';
import { finite } from './cells';
import type { RunData } from './model';
import { runTotals } from './totals';

// CPU per request, service ÷ bare baseline: the server processes' CPU over the measured
// windows (/proc, the machine table's sampler) ÷ the requests k6 counted there (warm-up
// excluded, as the tables count them). Both halves do the same SQL, Redis and Kafka calls, so
// the ratio is the price per request of the framework and our code.

/** One half's CPU over its measured windows, and the requests it served there. */
export interface HalfCpu {
  /** by process group, from /proc: the server processes, k6, Postgres, Kafka, Redis */
  machine: GroupCpu[];
  /** every request k6 counted after the warm-up, and their rate over the scripts' spans */
  requests: number;
  avgRps: number;
}

export type HalfCpuOrWhy = HalfCpu | { notMeasured: string };

export interface CpuPerRequest {
  /** the server processes' average CPU, % of one core */
  cpuPercent: number;
  avgRps: number;
  /** CPU-milliseconds per request: (cpuPercent / 100) ÷ avgRps × 1000 */
  msPerRequest: number;
  /** the server processes' main-thread voluntary context switches (event-loop sleeps and wakeups) per
   * request: switches per second over the windows ÷ avgRps, as CPU is (absent: not recorded, an older run) */
  wakeupsPerRequest?: number;
  /** involuntary switches (preemptions) per request, likewise */
  preemptionsPerRequest?: number;
}

export type CpuPerRequestOrWhy = CpuPerRequest | { notMeasured: string };

export interface CpuComparison {
  service: CpuPerRequestOrWhy;
  baseline: CpuPerRequestOrWhy;
  /** service ÷ baseline CPU per request; null when a half was not measured */
  ratio: number | null;
  serviceMachine: HalfCpuOrWhy;
  baselineMachine: HalfCpuOrWhy;
}

export const isMeasured = <T extends object>(x: T | { notMeasured: string }): x is T => !('notMeasured' in x);

/** What a run recorded of the machine's CPU (cpuProfile.machine), with its k6 totals. */
export function halfCpu(run: RunData): HalfCpuOrWhy {
  const p = run.cpuProfile;
  if (!p) return { notMeasured: 'no CPU recorded (the run predates the bench sampling it)' };
  if (!p.machine?.length) return { notMeasured: p.notMeasured ?? 'no CPU samples' };
  const t = runTotals(run);
  return { machine: p.machine, requests: t.requests, avgRps: t.avgRps };
}

export function cpuPerRequest(half: HalfCpuOrWhy): CpuPerRequestOrWhy {
  if (!isMeasured(half)) return half;
  const server = serverGroup(half.machine);
  if (!server || !finite(server.avgPercent))
    return { notMeasured: server?.why ?? 'the server processes were not sampled' };
  if (!finite(half.avgRps) || half.avgRps <= 0) return { notMeasured: 'no requests in the measured windows' };
  const sw = server.contextSwitches;
  return {
    cpuPercent: server.avgPercent,
    avgRps: half.avgRps,
    msPerRequest: (server.avgPercent / 100 / half.avgRps) * 1000,
    ...(sw && sw.seconds > 0
      ? {
          wakeupsPerRequest: sw.voluntary / sw.seconds / half.avgRps,
          preemptionsPerRequest: sw.involuntary / sw.seconds / half.avgRps,
        }
      : {}),
  };
}

/** Service vs its attached baseline; null without a baseline half. */
export function compareCpu(run: RunData): CpuComparison | null {
  if (!run.baseline) return null;
  const serviceMachine = halfCpu(run);
  const baselineMachine = run.baseline.cpu ?? {
    notMeasured: 'the baseline half recorded no CPU (a run from before the bench sampled it)',
  };
  const service = cpuPerRequest(serviceMachine);
  const baseline = cpuPerRequest(baselineMachine);
  const ratio = isMeasured(service) && isMeasured(baseline) ? service.msPerRequest / baseline.msPerRequest : null;
  return { service, baseline, ratio, serviceMachine, baselineMachine };
}
