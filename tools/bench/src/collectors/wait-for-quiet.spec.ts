import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline } from '../baseline';
import { RunData } from '../report/model';
import { renderReport } from '../report/write-report';
import { loadTargets } from '../targets/targets';
import { CpuIdle } from './cpu-idle';
import { describeQuietWait, quietBeforeLoad, waitForQuiet } from './wait-for-quiet';

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
