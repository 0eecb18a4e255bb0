import { Charge, chargeOf, CpuProfile, profileNodes, sampleDurations } from './cpuprofile';
import { frameLabel } from './summary';

// Where the tail comes from: stretches in which a worker's event loop never sat idle. V8's
// sampler records "(idle)" whenever the loop waits; a run of samples without one is time in
// which a request arriving at that worker waited for the loop. A short stretch is a request or
// two being served; a long one (a module loaded on first use, a long GC, a burst) is what a
// p99 is made of. Each stretch is charged to packages as the report charges CPU (chargeOf: node
// internals to the nearest package that called them), here from each sample up.

export interface BusyStretch {
  pid: number;
  /** seconds from the start of the profile (that worker's script window) it is in */
  atSeconds: number;
  ms: number;
  /** the packages its samples are charged to, largest first (top 3) */
  packages: { name: string; share: number }[];
  /** the frame (nearest to the sample, outside node internals) with the most samples */
  topFrame: string;
}

export interface WorkerStalls {
  pid: number;
  windowSeconds: number;
  /** stretches of at least the threshold */
  stretches: number;
  /** share of the window spent in stretches of at least the threshold */
  shareOfWindow: number;
}

export interface EventLoopStalls {
  thresholdMs: number;
  workers: WorkerStalls[];
  /** the longest stretches over all workers, longest first */
  longest: BusyStretch[];
}

interface Stretch {
  startUs: number;
  us: number;
  samples: { id: number; us: number }[];
}

/** Busy stretches of at least `thresholdMs` in each profile, and the `top` longest over all of them. */
export function eventLoopStalls(
  profiles: { pid: number; profile: CpuProfile }[],
  thresholdMs = 20,
  top = 8,
): EventLoopStalls {
  // A worker has one profile per script window: its rows add them up.
  const byWorker = new Map<number, { windowUs: number; stretches: number; busyUs: number }>();
  const longest: BusyStretch[] = [];
  for (const { pid, profile } of profiles) {
    const long = busyStretches(profile).filter((s) => s.us >= thresholdMs * 1000);
    const w = byWorker.get(pid) ?? { windowUs: 0, stretches: 0, busyUs: 0 };
    w.windowUs += Math.max(0, profile.endTime - profile.startTime);
    w.stretches += long.length;
    w.busyUs += long.reduce((a, s) => a + s.us, 0);
    byWorker.set(pid, w);
    const charge = chargesOf(profile);
    for (const s of long) longest.push(describe(pid, profile, s, charge));
  }
  longest.sort((a, b) => b.ms - a.ms);
  const workers = [...byWorker].map(([pid, w]) => ({
    pid,
    windowSeconds: w.windowUs / 1e6,
    stretches: w.stretches,
    shareOfWindow: w.windowUs > 0 ? w.busyUs / w.windowUs : 0,
  }));
  return { thresholdMs, workers, longest: longest.slice(0, top) };
}

/** Consecutive non-idle samples, each lasting as addProfile counts it (sampleDurations). */
function busyStretches(profile: CpuProfile): Stretch[] {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const durations = sampleDurations(profile);
  const out: Stretch[] = [];
  let t = profile.startTime;
  let open: Stretch | undefined;
  for (let i = 0; i < durations.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const us = durations[i];
    const id = profile.samples[i];
    if (idle.has(id)) {
      if (open) out.push(open);
      open = undefined;
      continue;
    }
    open ??= { startUs: t, us: 0, samples: [] };
    open.us += us;
    open.samples.push({ id, us });
  }
  if (open) out.push(open);
  return out;
}

/** Each node's charge (chargeOf), from the node up: V8's "(root)" above is the top of the stack. */
function chargesOf(profile: CpuProfile): (id: number) => Charge {
  const { byId, parent } = profileNodes(profile);
  const memo = new Map<number, Charge>();
  const of = (id: number): Charge => {
    const known = memo.get(id);
    if (known) return known;
    const up = parent.get(id);
    const caller = up === undefined || byId.get(up)!.callFrame.functionName === '(root)' ? undefined : of(up);
    const charge = chargeOf(byId.get(id)!.callFrame, caller);
    memo.set(id, charge);
    return charge;
  };
  return of;
}

function describe(pid: number, profile: CpuProfile, s: Stretch, charge: (id: number) => Charge): BusyStretch {
  const byPackage = new Map<string, number>();
  const byFrame = new Map<string, number>();
  for (const { id, us } of s.samples) {
    const { pkg, frame } = charge(id);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const label = frameLabel(frame);
    if (pkg !== 'gc') byFrame.set(label, (byFrame.get(label) ?? 0) + us);
  }
  const total = Math.max(1, s.us);
  return {
    pid,
    atSeconds: (s.startUs - profile.startTime) / 1e6,
    ms: s.us / 1000,
    packages: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, us]) => ({ name, share: us / total })),
    topFrame: [...byFrame].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '(garbage collector)',
  };
}
