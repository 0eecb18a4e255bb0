import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline } from '../baseline';
import { RunData } from '../report/model';
import { sharedCpu } from '../report/verdicts';
import { renderReport } from '../report/write-report';
import { describeWait, renderRoundStarts, roundStart } from '../round-start';
import { loadTargets } from '../targets/targets';
import { CpuIdle } from './cpu-idle';
import { describeQuietWait, quietBeforeLoad, quietLoadOf, waitForQuiet } from './wait-for-quiet';

/** A fake clock and /proc/stat: each 5 s window returns the next idle share. */
function machine(idles: number[]) {
  let t = 0;
  const seen: number[] = [];
  return {
    seen,
    now: () => t,
    measure: (seconds: number, cores: number): Promise<CpuIdle> => {
      t += seconds * 1000;
      const idle = idles[Math.min(seen.length, idles.length - 1)];
      seen.push(idle);
      return Promise.resolve({ seconds, idle, busyCores: (1 - idle) * cores });
    },
  };
}

describe('waiting for a quiet CPU before the baseline half', () => {
  it('starts at once when the first window is quiet', async () => {
    const m = machine([0.9]);
    const w = await waitForQuiet({ cores: 2, maxWaitSeconds: 120, windowSeconds: 5, ...m });
    expect(w).toMatchObject({ quiet: true, waitedSeconds: 5 });
    expect(describeQuietWait(w, 120)).toBe('waited 5 s for a quiet CPU (CPU 90 % idle over 5 s)');
  });

  it('waits while more than a quarter of the cores are busy (the report’s quiet check), then starts', async () => {
    const m = machine([0.3, 0.6, 0.74, 0.8]);
    const w = await waitForQuiet({ cores: 2, maxWaitSeconds: 120, windowSeconds: 5, ...m });
    expect(m.seen).toEqual([0.3, 0.6, 0.74, 0.8]);
    expect(w).toMatchObject({ quiet: true, waitedSeconds: 20 });
  });

  it('gives up at the bound and says so', async () => {
    const m = machine([0.2]);
    const w = await waitForQuiet({ cores: 2, maxWaitSeconds: 30, windowSeconds: 5, ...m });
    expect(w).toMatchObject({ quiet: false, waitedSeconds: 30 });
    expect(m.seen).toHaveLength(6);
    expect(describeQuietWait(w, 30)).toBe(
      "CPU still busy after 30 s (CPU 20 % idle over 5 s; bound 30 s): starting anyway, the report's quiet check will say so",
    );
  });

  it('right before the load: the wait’s last window is the run’s CPU idle before the start, and it is recorded', async () => {
    const waited = await quietBeforeLoad(60, { cores: 2, windowSeconds: 5, ...machine([0.3, 0.5, 0.9]) });
    expect(waited.idleBefore).toEqual({ seconds: 5, idle: 0.9, busyCores: (1 - 0.9) * 2 });
    expect(waited.wait).toEqual({
      quiet: true,
      waitedSeconds: 15,
      maxWaitSeconds: 60,
      idle: 0.9,
      line: 'waited 15 s for a quiet CPU (CPU 90 % idle over 5 s)',
    });
    const ranOut = await quietBeforeLoad(20, { cores: 2, windowSeconds: 5, ...machine([0.3]) });
    expect(ranOut.wait).toMatchObject({ quiet: false, maxWaitSeconds: 20, idle: 0.3 });
    // --quiet-wait 0: one window measured, no wait recorded.
    const m = machine([0.1]);
    expect(await quietBeforeLoad(0, { cores: 2, windowSeconds: 5, ...m })).toEqual({
      idleBefore: { seconds: 5, idle: 0.1, busyCores: 1.8 },
    });
    expect(m.seen).toHaveLength(1);
  });

  it('the report says how the baseline half started', () => {
    const fx = (f: string) =>
      JSON.parse(readFileSync(join(__dirname, '..', 'report', 'fixtures', f), 'utf8')) as RunData;
    const targets = loadTargets();
    const run = attachBaseline(fx('ingestion-load.service.run.json'), fx('ingestion-load.baseline.run.json'), targets);
    const startedAfter = 'waited 15 s for a quiet CPU (CPU 91 % idle over 5 s)';
    const md = renderReport({ ...run, baseline: { ...run.baseline!, startedAfter } }, targets, []);
    expect(md).toMatch(
      /\| Throughput vs bare baseline \| [^\n]*; baseline half waited 15 s for a quiet CPU \(CPU 91 % idle over 5 s\)\) \|/,
    );
  });
});

/** The fake machine with a 1-minute load average too: each read after a window returns the next one. */
function loaded(idles: number[], loads: number[]) {
  const m = machine(idles);
  let reads = 0;
  return { ...m, loadAvg1: () => loads[Math.min(reads++, loads.length - 1)] };
}

describe('--quiet-load: waiting for the 1-minute load average too', () => {
  it('defaults to 0.75 × cores (the load the report calls shared without CPU idle), 0 turns it off', () => {
    expect(quietLoadOf(undefined, 2)).toBe(1.5);
    expect(quietLoadOf(undefined, 8)).toBe(6);
    expect(quietLoadOf('2.5', 8)).toBe(2.5);
    expect(quietLoadOf('0', 8)).toBeUndefined();
    // As --quiet-wait reads its value: not a number is 0.
    expect(quietLoadOf('high', 8)).toBeUndefined();
  });

  it('keeps waiting on a quiet CPU until the load average is at or below the bound', async () => {
    const m = loaded([0.9], [3.1, 2.2, 1.6, 1.5, 0.4]);
    const w = await waitForQuiet({ cores: 2, maxWaitSeconds: 120, windowSeconds: 5, maxLoadAvg: 1.5, ...m });
    expect(w).toMatchObject({ quiet: true, waitedSeconds: 20, loadAvg1: 1.5 });
    expect(m.seen).toHaveLength(4);
    expect(describeQuietWait(w, 120, 1.5)).toBe(
      'waited 20 s for a quiet CPU and a load average at or below 1.50 (CPU 90 % idle over 5 s; 1-min load average 1.50)',
    );
  });

  it('needs both: a low load does not end the wait while the CPU is busy', async () => {
    const m = loaded([0.3, 0.3, 0.9], [0.5]);
    const w = await waitForQuiet({ cores: 2, maxWaitSeconds: 120, windowSeconds: 5, maxLoadAvg: 1.5, ...m });
    expect(w).toMatchObject({ quiet: true, waitedSeconds: 15 });
  });

  it('gives up at the same bound and starts anyway, saying which was still high', async () => {
    const giveUp = (idle: number, load: number) =>
      waitForQuiet({ cores: 2, maxWaitSeconds: 30, windowSeconds: 5, maxLoadAvg: 1.5, ...loaded([idle], [load]) });
    const high = await giveUp(0.95, 2.4);
    expect(high).toMatchObject({ quiet: false, waitedSeconds: 30, loadAvg1: 2.4 });
    expect(describeQuietWait(high, 30, 1.5)).toBe(
      'load average still above 1.50 after 30 s (CPU 95 % idle over 5 s; 1-min load average 2.40; bound 30 s): starting anyway, the report will say the start was busy',
    );
    const busy = await giveUp(0.2, 1.1);
    expect(describeQuietWait(busy, 30, 1.5)).toMatch(/^CPU still busy after 30 s \(CPU 20 % idle over 5 s; 1-min/);
  });

  it('reads no load average without a bound, and records the bound and the load with one', async () => {
    const m = loaded([0.9], [9]);
    let reads = 0;
    const none = await waitForQuiet({
      cores: 2,
      maxWaitSeconds: 120,
      windowSeconds: 5,
      ...m,
      loadAvg1: () => (reads++, 9),
    });
    expect(reads).toBe(0);
    expect(none.loadAvg1).toBeUndefined();
    const ranOut = await quietBeforeLoad(20, { cores: 2, windowSeconds: 5, maxLoadAvg: 1.5, ...loaded([0.9], [2]) });
    expect(ranOut.wait).toMatchObject({ quiet: false, maxWaitSeconds: 20, idle: 0.9, maxLoadAvg: 1.5, loadAvg1: 2 });
    // --quiet-wait 0: no wait, so no load bound either.
    const noWait = await quietBeforeLoad(0, { cores: 2, windowSeconds: 5, maxLoadAvg: 1.5, ...loaded([0.9], [9]) });
    expect(noWait.wait).toBeUndefined();
  });

  it('the report says the start was busy when the wait ran out on the load, whatever the CPU idle', () => {
    const fx = JSON.parse(
      readFileSync(join(__dirname, '..', 'report', 'fixtures', 'notifications-smoke.service.run.json'), 'utf8'),
    ) as RunData;
    const cores = fx.machine.cores;
    fx.machine.idleBefore = { seconds: 5, idle: 0.97, busyCores: 0.03 * cores };
    const wait = { quiet: false, waitedSeconds: 120, maxWaitSeconds: 120, idle: 0.97, line: 'as printed' };
    fx.machine.quietWait = { ...wait, maxLoadAvg: 1.5, loadAvg1: 2.31 };
    const busy = sharedCpu(fx);
    expect(busy.shared).toBe(true);
    expect(busy.reason).toMatch(
      /^CPU 97 % idle over the 5 s before the start \([^)]*\); 1-min load average 2\.31 still above 1\.50 \(--quiet-load\) when the 120 s wait ran out$/,
    );
    const md = renderReport(fx, loadTargets(), []);
    expect(md).toMatch(
      /\| Machine shared with other work\? \| YES — CPU 97 % idle [^|]*still above 1\.50 \(--quiet-load\)/,
    );
    expect(roundStart('A round 2', fx).quiet).toBe(false);
    expect(describeWait(fx.machine.quietWait)).toBe(
      'still busy: the 120 s wait ran out (97 % idle, load 2.31 above 1.50), started anyway',
    );
    // Reached: quiet, and the row shows the load it ended on.
    fx.machine.quietWait = { ...wait, quiet: true, waitedSeconds: 45, maxLoadAvg: 1.5, loadAvg1: 1.42 };
    expect(sharedCpu(fx).shared).toBe(false);
    expect(describeWait(fx.machine.quietWait)).toBe('quiet after 45 s (97 % idle, load 1.42)');
    expect(renderRoundStarts([roundStart('A round 1', fx)])).toContain(
      'and for the 1-minute load average to fall to 1.50 (--quiet-load)',
    );
  });
});
