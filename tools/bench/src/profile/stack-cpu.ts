import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextSwitches, type ContextSwitches } from '../collectors/proc-cpu';

// CPU of the other processes on the machine over the profiled window, from /proc (as
// collectors/proc-cpu.ts does for k6): the service's process tree, k6, Postgres (postmaster
// and its backends), Kafka and Redis, so "the service is slow" and "the machine is busy"
// can be told apart. For the server processes it also reads each one's main-thread context
// switches (/proc/<pid>/status), summed over the windows as their CPU is: how often the event
// loops slept and were woken, and were preempted.

const TICKS = 100; // USER_HZ

export interface Proc {
  ppid: number;
  comm: string;
  ticks: number;
}

export function readProcs(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const after = stat.slice(close + 2).split(' ');
      out.set(Number(name), {
        ppid: Number(after[1]),
        comm: stat.slice(stat.indexOf('(') + 1, close),
        ticks: Number(after[11]) + Number(after[12]),
      });
    } catch {
      // exited between readdir and read
    }
  }
  return out;
}

/** A group of processes: the trees under some roots, or every process a test picks. */
export interface ProcGroup {
  name: string;
  roots: () => number[];
  /** processes matched anywhere (k6: every k6 under the bench) */
  match?: (pid: number, p: Proc, procs: Map<number, Proc>) => boolean;
  /** why it could not be found (no pid file, …) */
  missing?: () => string | undefined;
  /** also read each member's main-thread context switches (the server processes: one status read per process per sample) */
  contextSwitches?: boolean;
}

function members(group: ProcGroup, procs: Map<number, Proc>): Set<number> {
  const roots = new Set(group.roots().filter((r) => procs.has(r)));
  const out = new Set<number>();
  for (const [pid, p] of procs) {
    if (group.match?.(pid, p, procs)) out.add(pid);
    for (let at: number | undefined = pid, hops = 0; at && hops < 64; at = procs.get(at)?.ppid, hops++)
      if (roots.has(at)) {
        out.add(pid);
        break;
      }
  }
  return out;
}

function pidFile(file: string): number[] {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    return pid > 0 ? [pid] : [];
  } catch {
    return [];
  }
}

export function descendantOf(pid: number, root: number, procs: Map<number, Proc>): boolean {
  for (let at = procs.get(pid)?.ppid, hops = 0; at && hops < 64; at = procs.get(at)?.ppid, hops++)
    if (at === root) return true;
  return false;
}

/** The stack's pieces from their pid files (infra/stack), the service's trees (one per role), and k6. */
export function machineGroups(stackDir: string, servicePids: number[]): ProcGroup[] {
  const piece = (name: string, file: string): ProcGroup => ({
    name,
    roots: () => pidFile(join(stackDir, file)),
    missing: () => (existsSync(join(stackDir, file)) ? undefined : `no ${file} under ${stackDir}`),
  });
  return [
    {
      name: servicePids.length > 1 ? 'service (all processes and workers)' : 'service (all workers)',
      roots: () => servicePids,
      contextSwitches: true,
    },
    {
      name: 'k6',
      roots: () => [],
      match: (pid, p, procs) => p.comm === 'k6' && descendantOf(pid, process.pid, procs),
    },
    piece('Postgres (all backends)', 'postgres/data/postmaster.pid'),
    piece('Kafka', 'run/kafka.pid'),
    piece('Redis', 'run/redis.pid'),
  ];
}

/** The row of the process(es) under test (machineGroups names it first, "service (…)"). */
export function serverGroup(machine: GroupCpu[]): GroupCpu | undefined {
  return machine.find((g) => g.name.startsWith('service ('));
}

export interface GroupCpu {
  name: string;
  /** % of one core, averaged over the profiled window; null when never seen */
  avgPercent: number | null;
  maxPercent: number | null;
  why?: string;
  /** the members' main-thread context switches over the windows (the server row only; absent: an older run) */
  contextSwitches?: GroupSwitches;
}

/** Context switches summed over a group's processes and the windows, and the seconds those windows span. */
export interface GroupSwitches extends ContextSwitches {
  seconds: number;
}

/** What the sampler reads: injectable, so a spec can feed it a /proc of its own. */
export interface ProcReader {
  procs: () => Map<number, Proc>;
  /** a process's main-thread context switches, null when it has gone */
  switches: (pid: number) => ContextSwitches | null;
  /** seconds */
  now: () => number;
}

const realProc: ProcReader = {
  procs: readProcs,
  switches: (pid) => contextSwitches(pid),
  now: () => Date.now() / 1000,
};

interface Snapshot {
  t: number;
  procs: Map<number, Proc>;
  /** the context switches of the groups that ask for them, by pid */
  switches: Map<number, ContextSwitches>;
}

/** Samples the groups every second while a window is open; only open windows count. */
export class StackCpuSampler {
  private last: Snapshot | null = null;
  private readonly seconds: number[] = [];
  private readonly used = new Map<string, number[]>();
  private readonly present = new Set<string>();
  private readonly switched = new Map<string, ContextSwitches>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly groups: ProcGroup[],
    private readonly read: ProcReader = realProc,
  ) {}

  private snapshot(): Snapshot {
    const t = this.read.now();
    const procs = this.read.procs();
    const switches = new Map<number, ContextSwitches>();
    for (const g of this.groups)
      if (g.contextSwitches)
        for (const pid of members(g, procs)) {
          const c = this.read.switches(pid);
          if (c) switches.set(pid, c);
        }
    return { t, procs, switches };
  }

  open(): void {
    this.last = this.snapshot();
    this.timer ??= setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  close(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.last = null;
  }

  private sample(): void {
    if (!this.last) return;
    const last = this.last;
    const now = this.snapshot();
    const dt = now.t - last.t;
    if (dt <= 0) return;
    this.seconds.push(dt);
    for (const g of this.groups) {
      let ticks = 0;
      const pids = members(g, now.procs);
      if (pids.size) this.present.add(g.name);
      for (const pid of pids) {
        const before = last.procs.get(pid);
        const after = now.procs.get(pid)!;
        ticks += before && before.comm === after.comm ? after.ticks - before.ticks : after.ticks;
      }
      const list = this.used.get(g.name) ?? [];
      list.push(ticks / TICKS);
      this.used.set(g.name, list);
      if (g.contextSwitches) this.addSwitches(g.name, pids, last, now);
    }
    this.last = now;
  }

  /**
   * The interval's switches, as its CPU is counted: a process seen at both ends counts the
   * difference, one born in the interval (absent from the last /proc, or its pid reused) all of
   * its own; one that was already running but whose status was not read last time (it left
   * the group, or the read failed) counts from its first read.
   */
  private addSwitches(group: string, pids: Set<number>, last: Snapshot, now: Snapshot): void {
    let read = false;
    const sum = this.switched.get(group) ?? { voluntary: 0, involuntary: 0 };
    for (const pid of pids) {
      const after = now.switches.get(pid);
      if (!after) continue;
      read = true;
      const was = last.procs.get(pid);
      const born = !was || was.comm !== now.procs.get(pid)!.comm;
      const before = born ? { voluntary: 0, involuntary: 0 } : last.switches.get(pid);
      if (!before) continue;
      sum.voluntary += after.voluntary - before.voluntary;
      sum.involuntary += after.involuntary - before.involuntary;
    }
    if (read) this.switched.set(group, sum);
  }

  result(): GroupCpu[] {
    const total = this.seconds.reduce((a, b) => a + b, 0);
    return this.groups.map((g) => {
      const used = this.used.get(g.name) ?? [];
      if (!total || !this.present.has(g.name))
        return {
          name: g.name,
          avgPercent: null,
          maxPercent: null,
          why: g.missing?.() ?? (total ? 'no such process during the window' : 'no window was profiled'),
        };
      const switched = this.switched.get(g.name);
      return {
        name: g.name,
        avgPercent: (used.reduce((a, b) => a + b, 0) / total) * 100,
        maxPercent: Math.max(...used.map((u, i) => (u / this.seconds[i]) * 100)),
        ...(switched ? { contextSwitches: { ...switched, seconds: total } } : {}),
      };
    });
  }
}
