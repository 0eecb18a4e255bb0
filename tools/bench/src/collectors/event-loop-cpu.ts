import { Interval, pointsWithin } from '../load-window';
import { CpuSample, ProcTreeSampler } from './proc-cpu';

// CPU of the service's busiest event loop. 002's and 004's "CPU usage < 80 %" (70 %) is per
// instance: one Node process, one event loop, one core. Prometheus cannot tell the loops apart
// (libs/observability sums every cluster worker's process_cpu_seconds_total in the primary), so
// each service process's CPU is read from /proc every second, per process of each process tree
// the bench started (one tree per role). The busiest loop is one process, the one with the
// highest average over the load windows: its min, avg and max, so the three are one loop's, not
// each the highest of a different process.

/** Seconds each point averages, as the Prometheus queries' rate window (collectors/prometheus.ts). */
export const ROLLING_SECONDS = 20;

export interface EventLoopCpu {
  /** the busiest loop, % of one core, averaged over ROLLING_SECONDS: its peak in the load windows */
  busiestMaxPercent: number;
  /** its lowest (same averaging), for the Min/Avg/Max table */
  busiestMinPercent: number;
  /** its average over the whole load windows (the highest of any loop: what makes it the busiest) */
  busiestAvgPercent: number;
  /** which process it was: the tree's name (suite or suite-role), its pid, and whether a cluster worker (absent: older run) */
  busiestProcess?: string;
  /** one-second samples inside the load windows, over all the trees */
  samples: number;
  /** the most processes seen at once, summed over the trees (a cluster's primary included) */
  processes: number;
}

export type ServiceLoopCpu = EventLoopCpu | { notMeasured: string };

/** A process tree the bench started: its root pid and its name in the report. */
export interface ServiceRoot {
  pid: number;
  name: string;
}

export interface SampledTree extends ServiceRoot {
  samples: CpuSample[];
}

/** Samples each service process tree (one root per role) from now until `stop()`. */
export class EventLoopCpuSampler {
  private readonly trees: { root: ServiceRoot; sampler: ProcTreeSampler }[];

  constructor(roots: ServiceRoot[]) {
    this.trees = roots.map((root) => ({ root, sampler: new ProcTreeSampler(root.pid).start() }));
  }

  stop(): void {
    for (const t of this.trees) t.sampler.stop();
  }

  /** The busiest loop over the load windows, or why there is none. */
  result(windows: Interval[]): ServiceLoopCpu {
    if (!this.trees.length)
      return { notMeasured: 'the service was not started by the bench, so its processes are not known' };
    return busiestLoop(
      this.trees.map((t) => ({ ...t.root, samples: t.sampler.samples })),
      windows,
    );
  }
}

interface LoopSeries {
  name: string;
  points: [number, number][];
  avg: number;
}

/** Pure: each process's own series in the load windows; the one with the highest average is the busiest loop. */
export function busiestLoop(trees: SampledTree[], windows: Interval[]): ServiceLoopCpu {
  const per = trees
    .map((tree) => ({ tree, samples: tree.samples.filter((s) => s.perProcess && inside(s.t, windows)) }))
    .filter((t) => t.samples.length > 0);
  if (!per.length) return { notMeasured: 'no /proc CPU samples of the service processes in the load windows' };
  const loops = per.flatMap(({ tree, samples }) => processSeries(tree, samples));
  const busiest = loops.reduce((a, b) => (b.avg > a.avg ? b : a));
  const rolled = pointsWithin(rolling(busiest.points), windows, ROLLING_SECONDS).map(([, v]) => v);
  return {
    busiestMaxPercent: Math.max(...rolled),
    busiestMinPercent: Math.min(...rolled),
    busiestAvgPercent: busiest.avg,
    busiestProcess: busiest.name,
    samples: per.reduce((n, t) => n + t.samples.length, 0),
    processes: per.reduce((n, t) => n + Math.max(...t.samples.map((s) => s.processes ?? 1)), 0),
  };
}

/** One series per pid of the tree, named for the report. */
function processSeries(tree: SampledTree, samples: CpuSample[]): LoopSeries[] {
  const byPid = new Map<number, [number, number][]>();
  for (const s of samples)
    for (const p of s.perProcess ?? []) {
      const points = byPid.get(p.pid) ?? [];
      points.push([s.t, p.percent]);
      byPid.set(p.pid, points);
    }
  const clustered = byPid.size > 1;
  return [...byPid].map(([pid, points]) => ({
    name: `${tree.name} pid ${pid}${!clustered ? '' : pid === tree.pid ? ' (cluster primary)' : ' (cluster worker)'}`,
    points,
    avg: points.reduce((a, [, v]) => a + v, 0) / points.length,
  }));
}

function inside(t: number, windows: Interval[]): boolean {
  return windows.some((w) => t >= w.start && t <= w.end);
}

/** Each point averaged with the points of the ROLLING_SECONDS before it. */
function rolling(points: [number, number][]): [number, number][] {
  return points.map(([t], i) => {
    const back = points.slice(0, i + 1).filter(([p]) => p > t - ROLLING_SECONDS);
    return [t, back.reduce((a, [, v]) => a + v, 0) / back.length];
  });
}
