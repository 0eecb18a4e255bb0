// V8's CPU profile (the .cpuprofile files Chrome DevTools reads), merged across workers into
// one call tree with self and total time per frame, and the rules the report's other readings
// of a profile share with it: how long a sample lasts, and which package a frame's CPU is charged to.

import { NODE_INTERNALS, packageOf } from './packages';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TreeNode {
  frame: CallFrame;
  /** µs sampled in this frame itself / in it and everything it called */
  selfUs: number;
  totalUs: number;
  children: Map<string, TreeNode>;
  /** root only: µs the workers sat idle (V8's "(idle)" samples, not CPU; left out of the tree) */
  idleUs?: number;
}

export const frameKey = (f: CallFrame) => `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;

export function emptyTree(): TreeNode {
  return {
    frame: { functionName: '(all workers)', url: '', lineNumber: -1, columnNumber: -1 },
    selfUs: 0,
    totalUs: 0,
    children: new Map(),
    idleUs: 0,
  };
}

/** A profile's nodes by id, and each node's parent's id (V8's "(root)" has none). */
export function profileNodes(profile: CpuProfile): { byId: Map<number, ProfileNode>; parent: Map<number, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { byId, parent };
}

/**
 * How long each sample lasts, in µs: sample i until sample i+1 (timeDeltas[i+1]), the last one
 * the mean interval. A delta that is missing or not positive (V8 writes the odd -2) counts 0.
 */
export function sampleDurations(profile: CpuProfile): number[] {
  const n = profile.samples.length;
  const mean = n ? (profile.endTime - profile.startTime) / n : 0;
  return profile.samples.map((_, i) => {
    const us = i + 1 < n ? profile.timeDeltas[i + 1] : mean;
    return us > 0 ? us : 0;
  });
}

/** Where a frame's CPU is charged: a package, and the frame that stands for it there. */
export interface Charge {
  pkg: string;
  frame: CallFrame;
}

/**
 * A frame's charge: its own package, or for node internals (streams, sockets, url-less natives)
 * its caller's charge, so a socket write from pg is pg's cost. `caller` is the charge of the frame
 * that called it, undefined at the top of the stack (just under V8's "(root)"): node internals
 * called from nothing but node internals stay node internals, standing for themselves.
 */
export function chargeOf(frame: CallFrame, caller: Charge | undefined): Charge {
  const pkg = packageOf(frame);
  return pkg === NODE_INTERNALS && caller ? caller : { pkg, frame };
}

/**
 * Adds one profile to a merged tree, each sample lasting as sampleDurations says. V8's own
 * "(root)" frame is dropped: the tree's root stands for all workers. "(idle)" samples (the event
 * loop waiting) are counted apart: they are not CPU.
 */
export function addProfile(tree: TreeNode, profile: CpuProfile): void {
  const { byId, parent } = profileNodes(profile);
  const paths = new Map<number, TreeNode[]>();
  const pathOf = (id: number): TreeNode[] => {
    const known = paths.get(id);
    if (known) return known;
    const p = parent.get(id);
    let path: TreeNode[];
    if (p === undefined)
      path = [tree]; // V8's (root)
    else {
      const up = pathOf(p);
      const frame = byId.get(id)!.callFrame;
      const key = frameKey(frame);
      const at = up[up.length - 1];
      let child = at.children.get(key);
      if (!child) at.children.set(key, (child = { frame, selfUs: 0, totalUs: 0, children: new Map() }));
      path = [...up, child];
    }
    paths.set(id, path);
    return path;
  };
  const durations = sampleDurations(profile);
  for (let i = 0; i < durations.length; i++) {
    const us = durations[i];
    if (!(us > 0)) continue;
    if (byId.get(profile.samples[i])?.callFrame.functionName === '(idle)') {
      tree.idleUs = (tree.idleUs ?? 0) + us;
      continue;
    }
    const path = pathOf(profile.samples[i]);
    for (const node of path) node.totalUs += us;
    path[path.length - 1].selfUs += us;
  }
}

/** Every node but the root, depth first. */
export function* walk(tree: TreeNode): Generator<TreeNode> {
  for (const c of tree.children.values()) {
    yield c;
    yield* walk(c);
  }
}
