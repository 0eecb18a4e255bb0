import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuIdle } from './collectors/cpu-idle';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { renderRoundStarts, roundStart, waitBeforeRound } from './round-start';

// A recorded run (auth bare baseline smoke), its start given the idle share and load average of a round.
function recorded(idle: number, loadAvg1: number): RunData {
  const r = JSON.parse(
    readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8'),
  ) as RunData;
  r.machine.loadAvg = [loadAvg1, 2, 1];
  r.machine.idleBefore = { seconds: 5, idle, busyCores: (1 - idle) * r.machine.cores };
  return r;
}

/** A fake clock and /proc/stat: each 5 s window returns the next idle share. */
function machine(idles: number[]) {
  let t = 0;
  let n = 0;
  return {
    cores: 2,
    now: () => t,
    measure: (seconds: number, cores: number): Promise<CpuIdle> => {
      t += seconds * 1000;
      const idle = idles[Math.min(n++, idles.length - 1)];
      return Promise.resolve({ seconds, idle, busyCores: (1 - idle) * cores });
    },
  };
}

describe('the wait before each round', () => {
  it('waits for a quiet CPU, or starts anyway when the bound runs out, and says which', async () => {
    const lines: string[] = [];
    const quiet = await waitBeforeRound('B round 2', 60, (l) => lines.push(l), machine([0.3, 0.5, 0.9]));
    expect(quiet).toMatchObject({ quiet: true, waitedSeconds: 15, maxWaitSeconds: 60, idle: 0.9 });
    const busy = await waitBeforeRound('A round 3', 20, (l) => lines.push(l), machine([0.3]));
    expect(busy).toMatchObject({ quiet: false, maxWaitSeconds: 20 });
    expect(lines[0]).toMatch(/^B round 2: waited 15 s for a quiet CPU/);
    expect(lines[1]).toMatch(/^A round 3: CPU still busy after 20 s/);
    expect(await waitBeforeRound('A round 1', 0, (l) => lines.push(l), machine([0.1]))).toBeUndefined();
    expect(lines).toHaveLength(2);
  });
});

describe('How each round started', () => {
  it('shows per round the wait, CPU idle before the load and the load average, and names busy starts', async () => {
    const quiet = await waitBeforeRound('A round 1', 60, () => undefined, machine([0.2, 0.95]));
    const ranOut = await waitBeforeRound('B round 1', 20, () => undefined, machine([0.3]));
    const md = renderRoundStarts([
      roundStart('A round 1', recorded(0.97, 3.4), quiet),
      roundStart('B round 1', recorded(0.4, 3.9), ranOut),
      roundStart('A round 2', recorded(0.96, 1.2)),
    ]);
    expect(md).toContain(
      '| Round | Wait for a quiet CPU | CPU idle right before the load | Load avg (1 min) at start |',
    );
    // The load average still shows the previous round; the CPU idle decides.
    expect(md).toContain('| A round 1 | quiet after 10 s (95 % idle) | 97 % over 5 s | 3.40 |');
    expect(md).toContain(
      '| B round 1 | still busy: the 20 s wait ran out (30 % idle), started anyway | 40 % over 5 s (busy) | 3.90 |',
    );
    expect(md).toContain('| A round 2 | no wait (--quiet-wait 0) | 96 % over 5 s | 1.20 |');
    expect(md).toContain('**1 of 3 rounds started on a busy CPU** (B round 1)');
    expect(emptyCells(md)).toEqual([]);
  });

  it('says so when every round started quiet, and stays filled for a run without idle measurements', () => {
    const old = recorded(0.9, 0.5);
    delete old.machine.idleBefore;
    const md = renderRoundStarts([roundStart('run 1', recorded(0.9, 0.5)), roundStart('run 2', old)]);
    expect(md).toContain('All 2 rounds started on a quiet CPU.');
    expect(md).toContain('| run 2 | no wait (--quiet-wait 0) | not measured: older run | 0.50 |');
    expect(emptyCells(md)).toEqual([]);
  });
});
