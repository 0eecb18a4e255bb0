import { readFileSync } from 'node:fs';

// Is the machine quiet right now? CPU idle from /proc/stat over the last few seconds, not the
// 1-minute load average, which still carries the previous run for minutes after it ended.

export interface CpuIdle {
  seconds: number;
  /** idle share of all cores over the interval, 0..1 */
  idle: number;
  /** cores' worth of busy time: (1 − idle) × cores */
  busyCores: number;
}

/** The aggregate "cpu" line of /proc/stat: [idle + iowait, total] jiffies. */
export function readCpuTimes(stat = readFileSync('/proc/stat', 'utf8')): [number, number] {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no aggregate cpu line');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return [f[3] + f[4], total];
}

export function idleBetween(a: [number, number], b: [number, number], seconds: number, cores: number): CpuIdle {
  const total = b[1] - a[1];
  const idle = total > 0 ? (b[0] - a[0]) / total : NaN;
  return { seconds, idle, busyCores: (1 - idle) * cores };
}

export async function measureCpuIdle(seconds: number, cores: number): Promise<CpuIdle> {
  const a = readCpuTimes();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return idleBetween(a, readCpuTimes(), seconds, cores);
}
