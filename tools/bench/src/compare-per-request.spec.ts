import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, renderCompare } from './compare';
import type { GroupCpu } from './profile/stack-cpu';
import { RunData } from './report/model';
import { runTotals } from './report/totals';
import { emptyCells } from './report/write-report';

// The compare's per-request rows (server CPU, wakeups, preemptions) on the recorded notifications
// smoke run, with its machine table (as cpu-per-request.spec.ts builds it) scaled per round.
const fx = <T>(f: string) => JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', f), 'utf8')) as T;

function round(serverPercent: number, voluntaryPerSecond?: number): RunData {
  const run = fx<RunData>('notifications-smoke.service.run.json');
  const machine = fx<{ service: GroupCpu[] }>('notifications-smoke.machine.json').service.map((g) =>
    g.name.startsWith('service (')
      ? {
          ...g,
          avgPercent: serverPercent,
          ...(voluntaryPerSecond === undefined
            ? {}
            : {
                contextSwitches: {
                  voluntary: voluntaryPerSecond * 10,
                  involuntary: voluntaryPerSecond * 5,
                  seconds: 10,
                },
              }),
        }
      : g,
  );
  return { ...run, cpuProfile: { notMeasured: 'no V8 profile in this fixture', machine } };
}

const row = (rows: ReturnType<typeof compareRuns>, key: string) => rows.find((r) => r.key === key)!;

describe('compare: per-request rows from /proc', () => {
  it('takes each side’s median CPU, wakeups and preemptions per request, with their spread', () => {
    const rps = runTotals(round(10)).avgRps;
    const rows = compareRuns(
      [round(10, 4 * rps), round(12, 4.4 * rps), round(11, 4.2 * rps)],
      [round(9, 3.8 * rps), round(9.5, 3.9 * rps), round(8, 3.7 * rps)],
      10,
    );
    const cpu = row(rows, 'cpuPerRequest');
    expect(cpu.label).toBe('Server CPU per request (all server processes) (µs)');
    expect(cpu.a).toBeCloseTo((11 / 100 / rps) * 1e6);
    expect(cpu.b).toBeCloseTo((9 / 100 / rps) * 1e6);
    expect(cpu.spreadA[0]).toBeCloseTo((10 / 100 / rps) * 1e6);
    expect(row(rows, 'wakeups').a).toBeCloseTo(4.2);
    expect(row(rows, 'wakeups').spreadB).toEqual([expect.closeTo(3.7), expect.closeTo(3.9)]);
    expect(row(rows, 'preemptions').b).toBeCloseTo(1.9);
    expect(row(rows, 'wakeups').rounds).toEqual({ lower: 3, higher: 0, n: 3 });
    // informative, not gated: a CPU change is explained, the latency gate decides
    expect(rows.filter((r) => r.regressed)).toEqual([]);
  });

  it('says "not measured" for a run that recorded no switches, and leaves no cell empty', () => {
    const rows = compareRuns([round(10)], [round(9)], 10);
    expect(Number.isFinite(row(rows, 'cpuPerRequest').a)).toBe(true);
    expect(row(rows, 'wakeups').a).toBeNaN();
    const md = renderCompare('a', 'b', rows, [1, 1], 10);
    expect(md).toMatch(/\| Wakeups per request \(server main threads, voluntary switches\) \| not measured/);
    expect(md).toContain('| B, round by round |');
    expect(emptyCells(md)).toEqual([]);
  });
});
