import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuietWaitRecord } from './collectors/wait-for-quiet';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { renderRoundStarts, roundStart } from './round-start';

// A recorded run (auth bare baseline smoke), its start given the idle share, load average and
// wait for a quiet CPU of a round.
function recorded(idle: number, loadAvg1: number, quietWait?: QuietWaitRecord): RunData {
  const r = JSON.parse(
    readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8'),
  ) as RunData;
  r.machine.loadAvg = [loadAvg1, 2, 1];
  r.machine.idleBefore = { seconds: 5, idle, busyCores: (1 - idle) * r.machine.cores };
  if (quietWait) r.machine.quietWait = quietWait;
  return r;
}

const waited = (quiet: boolean, waitedSeconds: number, maxWaitSeconds: number, idle: number) => ({
  quiet,
  waitedSeconds,
  maxWaitSeconds,
  idle,
  line: 'as printed',
});

describe('How each round started', () => {
  it('shows per round the wait, CPU idle before the load and the load average, and names busy starts', () => {
    const md = renderRoundStarts([
      roundStart('A round 1', recorded(0.95, 3.4, waited(true, 10, 60, 0.95))),
      roundStart('B round 1', recorded(0.3, 3.9, waited(false, 15, 20, 0.3))),
      roundStart('A round 2', recorded(0.96, 1.2)),
    ]);
    expect(md).toContain(
      '| Round | Wait for a quiet CPU | CPU idle right before the load | Load avg (1 min) at start |',
    );
    // The load average still shows the previous round; the CPU idle decides.
    expect(md).toContain('| A round 1 | quiet after 10 s (95 % idle) | 95 % over 5 s | 3.40 |');
    expect(md).toContain(
      '| B round 1 | still busy: the 20 s wait ran out (30 % idle), started anyway | 30 % over 5 s (busy) | 3.90 |',
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
