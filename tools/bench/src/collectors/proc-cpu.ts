import { readFileSync } from 'node:fs';

// CPU of one process from /proc/<pid>/stat (utime+stime), as % of one core. Used for the
// load generator itself: k6 near 100 % of a core means the generator, not the service, set
// the pace.

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

export interface CpuSample {
  t: number;
  cpuPercent: number;
  rssBytes: number | null;
}

export class ProcSampler {
  readonly samples: CpuSample[] = [];
  private last: { t: number; ticks: number } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {}

  start(intervalMs = 1000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const ticks = cpuTicks(this.pid);
    const t = Date.now() / 1000;
    if (ticks === null) return;
    if (this.last && t > this.last.t) {
      this.samples.push({
        t,
        cpuPercent: ((ticks - this.last.ticks) / TICKS / (t - this.last.t)) * 100,
        rssBytes: rssBytes(this.pid),
      });
    }
    this.last = { t, ticks };
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
  };
}
