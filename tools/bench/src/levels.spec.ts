import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelResult, realtimeThroughput } from './levels';
import type { RunData } from './report/model';
import { reportFacts } from './report/facts';
import { capacity } from './report/render/judgements';
import { emptyCells } from './report/write-report';
import { loadTargets } from './targets/targets';

const fixture = () =>
  JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;

describe('levels of a real-time suite (no HTTP requests)', () => {
  it('counts acknowledged messages per second of the sending phase as the level’s throughput', () => {
    const run = fixture();
    expect(realtimeThroughput(run)).toBeNull();
    run.scripts[0].series.totalRequests = 0;
    run.scripts[0].series.endpoints = [];
    const noWork = levelResult(1, 30, run, loadTargets());
    expect(noWork).toMatchObject({ passed: false, failures: ['no requests completed'] });

    run.scripts[0].realtime = { chat_messages_sent: { count: 600 }, chat_send_window_s: { value: 20 } };
    expect(realtimeThroughput(run)).toEqual({ messages: 600, perSecond: 30 });
    const level = levelResult(1, 30, run, loadTargets());
    expect(level.rps).toBe(30);
    expect(level.failures).not.toContain('no requests completed');
  });
});

// Each level's load starts after a bounded wait for a quiet CPU (runSuite records it in
// machine.quietWait / idleBefore); the capacity section says how each level started.
describe('how each level started', () => {
  const started = (idle: number, loadAvg1: number, waitedSeconds: number, quiet: boolean): RunData => {
    const run = { ...fixture(), profile: 'levels' };
    run.machine.loadAvg = [loadAvg1, 1, 1];
    run.machine.idleBefore = { seconds: 5, idle, busyCores: (1 - idle) * run.machine.cores };
    run.machine.quietWait = { quiet, waitedSeconds, maxWaitSeconds: 120, idle, line: 'as printed' };
    return run;
  };

  it('records the wait, CPU idle and load average per level and shows them below the levels table', () => {
    const targets = loadTargets();
    const first = levelResult(1, 2, started(0.97, 0.4, 0, true), targets);
    const second = levelResult(2, 10, started(0.35, 3.1, 115, false), targets);
    expect(first.start).toMatchObject({ round: 'level 1', idleBefore: 0.97, loadAvg1: 0.4, quiet: true });
    const md = capacity(reportFacts({ ...started(0.35, 3.1, 115, false), levels: [first, second] }, targets));
    expect(md).toContain('## How each level started');
    expect(md).toContain(
      '| Level | Wait for a quiet CPU | CPU idle right before the load | Load avg (1 min) at start |',
    );
    expect(md).toContain('| level 1 | quiet after 0 s (97 % idle) | 97 % over 5 s | 0.40 |');
    expect(md).toContain(
      '| level 2 | still busy: the 120 s wait ran out (35 % idle), started anyway | 35 % over 5 s (busy) | 3.10 |',
    );
    expect(md).toContain('**1 of 2 levels started on a busy CPU** (level 2)');
    expect(emptyCells(md)).toEqual([]);
  });

  it('leaves the section out for a levels report recorded before levels waited', () => {
    const targets = loadTargets();
    const old = { ...levelResult(1, 2, started(0.9, 0.5, 0, true), targets), start: undefined };
    const md = capacity(reportFacts({ ...fixture(), profile: 'levels', levels: [old] }, targets));
    expect(md).not.toContain('How each level started');
    expect(md).toContain('## Capacity Planning');
  });
});
