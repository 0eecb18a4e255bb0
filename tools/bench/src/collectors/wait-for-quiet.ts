import { loadavg } from 'node:os';
import { CpuIdle, measureCpuIdle } from './cpu-idle';
import { LOAD_SHARED_PER_CORE, QUIET_BUSY_SHARE, isLowLoad } from '../report/verdicts';

// Before the baseline half of --baseline and each round of a compare or repeat: the previous
// run has just ended, so the 1-minute load average is high even when the CPU is idle, and
// Postgres, Kafka and the stopped service may still be busy for a few seconds (checkpoint, log
// flush, exit). Wait, bounded, until CPU idle over a window passes the report's own quiet
// check, so every run starts alike. With --quiet-load, also until the 1-minute load average is
// at or below it (same bound): the previous round's trace has decayed, so every round and
// half starts from a like state, not only a like moment.

/** Seconds of /proc/stat CPU idle measured right before the first script (the report's quiet check). */
export const QUIET_CHECK_SECONDS = 5;

export interface QuietWait {
  /** seconds from the first measurement to the quiet one (or to giving up) */
  waitedSeconds: number;
  quiet: boolean;
  /** the last window measured */
  last: CpuIdle;
  /** with maxLoadAvg: the 1-minute load average read after the last window */
  loadAvg1?: number;
}

export interface QuietWaitOptions {
  cores: number;
  /** give up (and start anyway) after this long */
  maxWaitSeconds: number;
  /** each measurement's window (the report's quiet check uses 5 s) */
  windowSeconds: number;
  /** also wait until the 1-minute load average is at or below this (unset: CPU idle alone) */
  maxLoadAvg?: number;
  measure?: (seconds: number, cores: number) => Promise<CpuIdle>;
  now?: () => number;
  /** the 1-minute load average (os.loadavg()[0]) */
  loadAvg1?: () => number;
}

/** Quiet as the report judges it: at most QUIET_BUSY_SHARE of the cores busy. */
export const isQuiet = (m: CpuIdle, cores: number) =>
  Number.isFinite(m.idle) && m.busyCores <= cores * QUIET_BUSY_SHARE;

/**
 * --quiet-load's value: the bound on the 1-minute load average, or undefined for none (0). Unset,
 * LOAD_SHARED_PER_CORE × cores: the load average at which the report, without CPU idle to go by,
 * calls a start shared (1.5 on 2 cores). It applies where --quiet-wait does.
 */
export function quietLoadOf(arg: string | undefined, cores: number): number | undefined {
  const bound = arg === undefined ? LOAD_SHARED_PER_CORE * cores : Math.max(0, Number(arg) || 0);
  return bound > 0 ? bound : undefined;
}

export async function waitForQuiet(o: QuietWaitOptions): Promise<QuietWait> {
  const measure = o.measure ?? measureCpuIdle;
  const now = o.now ?? Date.now;
  const readLoad = o.loadAvg1 ?? (() => loadavg()[0]);
  const start = now();
  for (;;) {
    const last = await measure(o.windowSeconds, o.cores);
    const waitedSeconds = (now() - start) / 1000;
    const loadAvg1 = o.maxLoadAvg === undefined ? undefined : readLoad();
    const w = { waitedSeconds, last, ...(loadAvg1 === undefined ? {} : { loadAvg1 }) };
    const lowLoad = o.maxLoadAvg === undefined || isLowLoad(loadAvg1 ?? NaN, o.maxLoadAvg);
    if (isQuiet(last, o.cores) && lowLoad) return { ...w, quiet: true };
    if (waitedSeconds + o.windowSeconds > o.maxWaitSeconds) return { ...w, quiet: false };
  }
}

/** What a run records of its wait (run.json machine.quietWait): the report's per-round rows read it. */
export interface QuietWaitRecord {
  /** false: the bound ran out and the run started anyway */
  quiet: boolean;
  waitedSeconds: number;
  maxWaitSeconds: number;
  /** CPU idle (0..1) over the wait's last window, the one right before the load */
  idle: number;
  /** --quiet-load: the bound the wait also had on the 1-minute load average, and that load at its end */
  maxLoadAvg?: number;
  loadAvg1?: number;
  /** the line the bench printed */
  line: string;
}

/**
 * Right before the load: with a bound, wait for a quiet CPU, and the last window measured is
 * the run's "CPU idle before the start"; without one (0), that window is measured once.
 */
export async function quietBeforeLoad(
  maxWaitSeconds: number,
  o: Omit<QuietWaitOptions, 'maxWaitSeconds'>,
): Promise<{ idleBefore: CpuIdle; wait?: QuietWaitRecord }> {
  if (!maxWaitSeconds) return { idleBefore: await (o.measure ?? measureCpuIdle)(o.windowSeconds, o.cores) };
  const w = await waitForQuiet({ ...o, maxWaitSeconds });
  const wait: QuietWaitRecord = {
    quiet: w.quiet,
    waitedSeconds: w.waitedSeconds,
    maxWaitSeconds,
    idle: w.last.idle,
    ...(o.maxLoadAvg !== undefined && w.loadAvg1 !== undefined
      ? { maxLoadAvg: o.maxLoadAvg, loadAvg1: w.loadAvg1 }
      : {}),
    line: describeQuietWait(w, maxWaitSeconds, o.maxLoadAvg),
  };
  return { idleBefore: w.last, wait };
}

/** The line the bench prints. */
export function describeQuietWait(w: QuietWait, maxWaitSeconds: number, maxLoadAvg?: number): string {
  const idle = `CPU ${(w.last.idle * 100).toFixed(0)} % idle over ${w.last.seconds} s`;
  if (maxLoadAvg === undefined || w.loadAvg1 === undefined)
    return w.quiet
      ? `waited ${w.waitedSeconds.toFixed(0)} s for a quiet CPU (${idle})`
      : `CPU still busy after ${w.waitedSeconds.toFixed(0)} s (${idle}; bound ${maxWaitSeconds} s): starting anyway, the report's quiet check will say so`;
  const load = `1-min load average ${w.loadAvg1.toFixed(2)}`;
  const bound = maxLoadAvg.toFixed(2);
  if (w.quiet)
    return `waited ${w.waitedSeconds.toFixed(0)} s for a quiet CPU and a load average at or below ${bound} (${idle}; ${load})`;
  // Not quiet with the load low: the CPU was the one still busy (the idle share says which it was otherwise).
  return `${isLowLoad(w.loadAvg1, maxLoadAvg) ? 'CPU still busy' : `load average still above ${bound}`} after ${w.waitedSeconds.toFixed(0)} s (${idle}; ${load}; bound ${maxWaitSeconds} s): starting anyway, the report will say the start was busy`;
}
