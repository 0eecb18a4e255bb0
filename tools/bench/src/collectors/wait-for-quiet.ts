import { CpuIdle, measureCpuIdle } from './cpu-idle';
import { QUIET_BUSY_SHARE } from '../report/verdicts';

// Before the baseline half of --baseline and each round of a compare or repeat: the previous
// run has just ended, so the 1-minute load average is high even when the CPU is idle, and
// Postgres, Kafka and the stopped service may still be busy for a few seconds (checkpoint, log
// flush, exit). Wait, bounded, until CPU idle over a window passes the report's own quiet
// check, so every run starts alike.

/** Seconds of /proc/stat CPU idle measured right before the first script (the report's quiet check). */
export const QUIET_CHECK_SECONDS = 5;

export interface QuietWait {
  /** seconds from the first measurement to the quiet one (or to giving up) */
  waitedSeconds: number;
  quiet: boolean;
  /** the last window measured */
  last: CpuIdle;
}

export interface QuietWaitOptions {
  cores: number;
  /** give up (and start anyway) after this long */
  maxWaitSeconds: number;
  /** each measurement's window (the report's quiet check uses 5 s) */
  windowSeconds: number;
  measure?: (seconds: number, cores: number) => Promise<CpuIdle>;
  now?: () => number;
}

/** Quiet as the report judges it: at most QUIET_BUSY_SHARE of the cores busy. */
export const isQuiet = (m: CpuIdle, cores: number) =>
  Number.isFinite(m.idle) && m.busyCores <= cores * QUIET_BUSY_SHARE;

export async function waitForQuiet(o: QuietWaitOptions): Promise<QuietWait> {
  const measure = o.measure ?? measureCpuIdle;
  const now = o.now ?? Date.now;
  const start = now();
  for (;;) {
    const last = await measure(o.windowSeconds, o.cores);
    const waitedSeconds = (now() - start) / 1000;
    if (isQuiet(last, o.cores)) return { waitedSeconds, quiet: true, last };
    if (waitedSeconds + o.windowSeconds > o.maxWaitSeconds) return { waitedSeconds, quiet: false, last };
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
  const wait = {
    quiet: w.quiet,
    waitedSeconds: w.waitedSeconds,
    maxWaitSeconds,
    idle: w.last.idle,
    line: describeQuietWait(w, maxWaitSeconds),
  };
  return { idleBefore: w.last, wait };
}

/** The line the bench prints. */
export function describeQuietWait(w: QuietWait, maxWaitSeconds: number): string {
  const idle = `CPU ${(w.last.idle * 100).toFixed(0)} % idle over ${w.last.seconds} s`;
  return w.quiet
    ? `waited ${w.waitedSeconds.toFixed(0)} s for a quiet CPU (${idle})`
    : `CPU still busy after ${w.waitedSeconds.toFixed(0)} s (${idle}; bound ${maxWaitSeconds} s): starting anyway, the report's quiet check will say so`;
}
