import { readdirSync, readFileSync } from 'node:fs';

// CPU of a load generator from /proc/<pid>/stat (utime+stime), as % of one core: k6 near
// 100 % of a core means the generator, not the service, set the pace. One sampler for both
// generators: a process tree (Locust's master and workers) or a tree of one (k6).

const TICKS = 100; // USER_HZ on Linux

export function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(after[11]) + Number(after[12]); // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * A thread's context switches from its /proc/<pid>/status: voluntary (it slept, in epoll_wait
 * say, and was woken) and involuntary (the kernel took the core while it still had work). The
 * thread-group leader's status counts its main thread alone (a Node process's JavaScript thread,
 * not libuv's pool or V8's helpers), unlike /proc/<pid>/stat's CPU, which sums every thread.
 */
export interface ContextSwitches {
  voluntary: number;
  involuntary: number;
}

/** The two counts from a status text; null when either line is missing. */
export function parseContextSwitches(status: string): ContextSwitches | null {
  const v = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(status);
  const n = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status);
  return v && n ? { voluntary: Number(v[1]), involuntary: Number(n[1]) } : null;
}

const readStatus = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8');

/** A process's main-thread context switches, or null when it has gone (or the reader has no such file). */
export function contextSwitches(pid: number, read: (pid: number) => string = readStatus): ContextSwitches | null {
  try {
    return parseContextSwitches(read(pid));
  } catch {
    return null;
  }
}

export interface CpuSample {
  t: number;
  cpuPercent: number;
  rssBytes: number | null;
  /** the busiest single process of the tree, % of one core (k6: the one process) */
  busiestPercent?: number;
  processes?: number;
  /** each process of the tree, % of one core: follows one process across samples (the busiest changes) */
  perProcess?: ProcessCpu[];
}

export interface ProcessCpu {
  pid: number;
  percent: number;
}

/** pid and all its descendants, from /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      try {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        for (const c of children ? children.split(' ') : []) visit(Number(c));
      } catch {
        // the thread ended between the listing and the read
      }
    }
  };
  visit(pid);
  return out;
}

/**
 * CPU of a process and its descendants, summed, and the busiest one of them: a Python generator
 * (Locust) is held to one core per process by the GIL, so the busiest process is the one that
 * can be the limit; a single process (k6) is a tree of one, its sum and busiest alike. A child
 * that exits between samples loses its last interval.
 */
export class ProcTreeSampler {
  readonly samples: CpuSample[] = [];
  private last = new Map<number, number>();
  private lastT = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {}

  start(intervalMs = 1000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const t = Date.now() / 1000;
    const now = new Map<number, number>();
    for (const p of processTree(this.pid)) {
      const ticks = cpuTicks(p);
      if (ticks !== null) now.set(p, ticks);
    }
    if (!now.size) return;
    if (this.lastT && t > this.lastT) {
      const seconds = t - this.lastT;
      const each = [...now].map(([pid, ticks]) => ({
        pid,
        percent: ((ticks - (this.last.get(pid) ?? ticks)) / TICKS / seconds) * 100,
      }));
      const perProcess = each.map((p) => p.percent);
      const rss = [...now.keys()].map(rssBytes).filter((v): v is number => v !== null);
      this.samples.push({
        t,
        cpuPercent: perProcess.reduce((a, b) => a + b, 0),
        rssBytes: rss.length ? rss.reduce((a, b) => a + b, 0) : null,
        busiestPercent: Math.max(...perProcess),
        processes: now.size,
        perProcess: each,
      });
    }
    this.last = now;
    this.lastT = t;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export interface CpuStats {
  samples: number;
  avgPercent: number;
  maxPercent: number;
  p95Percent: number;
  maxRssBytes: number | null;
  /** sampled over a process tree: p95 of the busiest process (% of one core) and the most processes seen */
  busiestP95Percent?: number;
  processes?: number;
}

export function cpuStats(samples: CpuSample[]): CpuStats {
  const cpu = samples.map((s) => s.cpuPercent).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssBytes).filter((v): v is number => v !== null);
  return {
    samples: cpu.length,
    avgPercent: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : NaN,
    maxPercent: cpu.length ? cpu[cpu.length - 1] : NaN,
    p95Percent: cpu.length ? cpu[Math.min(cpu.length - 1, Math.floor(cpu.length * 0.95))] : NaN,
    maxRssBytes: rss.length ? Math.max(...rss) : null,
    ...treeStats(samples),
  };
}

function treeStats(samples: CpuSample[]): Pick<CpuStats, 'busiestP95Percent' | 'processes'> {
  const busiest = samples.map((s) => s.busiestPercent).filter((v): v is number => v !== undefined);
  if (!busiest.length) return {};
  busiest.sort((a, b) => a - b);
  return {
    busiestP95Percent: busiest[Math.min(busiest.length - 1, Math.floor(busiest.length * 0.95))],
    processes: Math.max(...samples.map((s) => s.processes ?? 1)),
  };
}
