import { Interval, pointsWithin } from '../load-window';
import { CpuSample, ProcTreeSampler } from './proc-cpu';

// CPU of the service's busiest event loop. 002's and 004's "CPU usage < 80 %" (70 %) is per
// instance: one Node process, one event loop, one core. Prometheus cannot tell the loops apart
// (libs/observability sums every cluster worker's process_cpu_seconds_total in the primary), so
// each service process's CPU is read from /proc: every second, the busiest process of each
// process tree the bench started (one tree per role), as ProcTreeSampler reports it.

/** Seconds each point averages, as the Prometheus queries' rate window (collectors/prometheus.ts). */
export const ROLLING_SECONDS = 20;

export interface EventLoopCpu {
  /** the busiest service process, % of one core, averaged over ROLLING_SECONDS: its peak in the load windows */
  busiestMaxPercent: number;
  /** its lowest (same averaging), for the Min/Avg/Max table */
  busiestMinPercent: number;
  /** the same over the whole load windows */
  busiestAvgPercent: number;
  /** one-second samples inside the load windows, over all the trees */
  samples: number;
  /** the most processes seen at once, summed over the trees (a cluster's primary included) */
  processes: number;
}

export type ServiceLoopCpu = EventLoopCpu | { notMeasured: string };

/** Samples each service process tree (one root per role) from now until `stop()`. */
export class EventLoopCpuSampler {
  private readonly samplers: ProcTreeSampler[];

  constructor(rootPids: number[]) {
    this.samplers = rootPids.map((pid) => new ProcTreeSampler(pid).start());
  }

  stop(): void {
    for (const s of this.samplers) s.stop();
  }

  /** The busiest loop over the load windows, or why there is none. */
  result(windows: Interval[]): ServiceLoopCpu {
    if (!this.samplers.length)
      return { notMeasured: 'the service was not started by the bench, so its processes are not known' };
    return busiestLoop(
      this.samplers.map((s) => s.samples),
      windows,
    );
  }
}

/** Pure: per tree, the busiest process each second averaged over ROLLING_SECONDS; the busiest tree wins. */
export function busiestLoop(trees: CpuSample[][], windows: Interval[]): ServiceLoopCpu {
  const per = trees
    .map((samples) => samples.filter((s) => s.busiestPercent !== undefined && inside(s.t, windows)))
    .filter((samples) => samples.length > 0);
  if (!per.length) return { notMeasured: 'no /proc CPU samples of the service processes in the load windows' };
  const each = per.map((samples) => {
    const rolled = pointsWithin(rolling(samples), windows, ROLLING_SECONDS);
    return {
      max: Math.max(...rolled.map(([, v]) => v)),
      min: Math.min(...rolled.map(([, v]) => v)),
      avg: samples.reduce((a, s) => a + s.busiestPercent!, 0) / samples.length,
    };
  });
  return {
    busiestMaxPercent: Math.max(...each.map((e) => e.max)),
    busiestMinPercent: Math.max(...each.map((e) => e.min)),
    busiestAvgPercent: Math.max(...each.map((e) => e.avg)),
    samples: per.reduce((n, samples) => n + samples.length, 0),
    processes: per.reduce((n, samples) => n + Math.max(...samples.map((s) => s.processes ?? 1)), 0),
  };
}

function inside(t: number, windows: Interval[]): boolean {
  return windows.some((w) => t >= w.start && t <= w.end);
}

/** Each sample's busiest value averaged with the samples of the ROLLING_SECONDS before it. */
function rolling(samples: CpuSample[]): [number, number][] {
  return samples.map((s, i) => {
    const back = samples.slice(0, i + 1).filter((p) => p.t > s.t - ROLLING_SECONDS);
    return [s.t, back.reduce((a, p) => a + p.busiestPercent!, 0) / back.length];
  });
}
