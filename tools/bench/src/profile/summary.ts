import { addProfile, CallFrame, Charge, chargeOf, CpuProfile, emptyTree, frameKey, TreeNode } from './cpuprofile';
import { packageOf } from './packages';
import type { EventLoopStalls } from './event-loop-stalls';
import type { GroupCpu } from './stack-cpu';

// What the report shows of the profile: CPU by package and the top frames by self time.
// Node's own code (streams, sockets, url-less natives such as writeUtf8String) is a package of
// its own, and is also charged to the nearest package that called it: a socket write from pg
// is pg's cost (chargeOf, here from the top of the merged tree down).

export interface PackageShare {
  name: string;
  selfMs: number;
  /** of the sampled CPU time (idle left out) */
  share: number;
  /** self time plus the node internals (streams, sockets, natives) it called, as a share */
  withInternalsShare: number;
}

export interface FrameShare {
  frame: string;
  package: string;
  /** for node internals: the nearest calling package (who asked for this socket write) */
  calledFrom?: string;
  selfMs: number;
  share: number;
}

export interface CpuProfileSummary {
  /** V8 sampling interval */
  intervalUs: number;
  /** profiles merged (one per worker per script window) */
  profiles: number;
  workers: number;
  /** wall seconds covered, summed over the workers' windows */
  windowSeconds: number;
  cpuMs: number;
  idleMs: number;
  packages: PackageShare[];
  topFrames: FrameShare[];
  /** file name of the flame graph next to REPORT.md */
  flameGraph?: string;
  /** long stretches without an idle sample, per worker (runs before 2026-11-25 have none) */
  stalls?: EventLoopStalls;
  /** CPU of the service, k6, Postgres, Kafka and Redis over the same windows */
  machine: GroupCpu[];
  notMeasured?: string;
}

/** No V8 profile (why), and the machine's CPU over the measured windows when it was sampled. */
export interface CpuNotProfiled {
  notMeasured: string;
  machine?: GroupCpu[];
}

/** Whether a half ran under V8's sampling profiler: at which interval, or why not. */
export type HalfProfiling = { profiled: true; intervalUs: number } | { profiled: false; why: string };

/** A half's profiling as its run recorded it: a profile summary, or why there is none. */
export function profilingOf(recorded: CpuProfileSummary | CpuNotProfiled): HalfProfiling {
  return 'notMeasured' in recorded
    ? { profiled: false, why: recorded.notMeasured ?? 'no profile' }
    : { profiled: true, intervalUs: recorded.intervalUs };
}

export function frameName(node: TreeNode): string {
  return frameLabel(node.frame);
}

/** `functionName file:line` (one-based), the file from its package, or from apps/, libs/ or prisma/ (generated clients) on. */
export function frameLabel(f: CallFrame): string {
  const file = f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs|prisma)\//, '$1/') : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

export function mergeProfiles(profiles: CpuProfile[]): TreeNode {
  const tree = emptyTree();
  for (const p of profiles) addProfile(tree, p);
  return tree;
}

export function summarise(
  profiles: { pid: number; profile: CpuProfile }[],
  tree: TreeNode,
  intervalUs: number,
  machine: GroupCpu[],
  top = 20,
): CpuProfileSummary {
  const cpuUs = tree.totalUs;
  const byPackage = new Map<string, number>();
  const charged = new Map<string, number>();
  const byFrame = new Map<string, { node: TreeNode; selfUs: number; from: Map<string, number> }>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  // Depth first, carrying the caller's charge.
  const visit = (node: TreeNode, caller: Charge | undefined) => {
    const pkg = packageOf(node.frame);
    const charge = chargeOf(node.frame, caller);
    if (node.selfUs) {
      add(byPackage, pkg, node.selfUs);
      add(charged, charge.pkg, node.selfUs);
      const key = frameKey(node.frame);
      const f = byFrame.get(key) ?? { node, selfUs: 0, from: new Map<string, number>() };
      f.selfUs += node.selfUs;
      // node internals charged to a package that called them
      if (charge.pkg !== pkg) add(f.from, charge.pkg, node.selfUs);
      byFrame.set(key, f);
    }
    for (const c of node.children.values()) visit(c, charge);
  };
  for (const c of tree.children.values()) visit(c, undefined);
  const share = (us: number) => (cpuUs > 0 ? us / cpuUs : 0);
  return {
    intervalUs,
    profiles: profiles.length,
    workers: new Set(profiles.map((p) => p.pid)).size,
    windowSeconds: profiles.reduce((a, p) => a + (p.profile.endTime - p.profile.startTime) / 1e6, 0),
    cpuMs: cpuUs / 1000,
    idleMs: (tree.idleUs ?? 0) / 1000,
    packages: [...byPackage]
      .map(([name, us]) => ({
        name,
        selfMs: us / 1000,
        share: share(us),
        withInternalsShare: share(charged.get(name) ?? 0),
      }))
      .sort((a, b) => b.selfMs - a.selfMs),
    topFrames: [...byFrame.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map(({ node, selfUs, from }) => ({
        frame: frameName(node),
        package: packageOf(node.frame),
        ...(from.size ? { calledFrom: [...from].sort((a, b) => b[1] - a[1])[0][0] } : {}),
        selfMs: selfUs / 1000,
        share: share(selfUs),
      })),
    machine,
  };
}
