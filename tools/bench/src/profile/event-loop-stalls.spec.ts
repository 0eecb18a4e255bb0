import { describe, expect, it } from 'vitest';
import { CallFrame, CpuProfile } from './cpuprofile';
import { eventLoopStalls } from './event-loop-stalls';

const frame = (functionName: string, url = ''): CallFrame => ({ functionName, url, lineNumber: 79, columnNumber: 0 });
const GENERATED = '/work/main/dist/bench/notifications/prisma/notifications/generated/internal/class.js';
const ROUTE = '/work/main/dist/bench/notifications/apps/notifications/src/get-notification/controller.js';

// (root) → (idle) | (garbage collector) | route handler → writeUtf8String | generated client → require
const nodes: CpuProfile['nodes'] = [
  { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 6] },
  { id: 2, callFrame: frame('(idle)') },
  { id: 3, callFrame: frame('(garbage collector)') },
  { id: 4, callFrame: frame('get', ROUTE), children: [5] },
  { id: 5, callFrame: frame('writeUtf8String') },
  { id: 6, callFrame: frame('', GENERATED), children: [7] },
  { id: 7, callFrame: frame('require', 'node:internal/modules/helpers') },
];

/** One sample a millisecond, from `runs` of [node id, how many samples]. */
function profileOf(runs: [number, number][]): CpuProfile {
  const samples = runs.flatMap(([id, n]) => Array<number>(n).fill(id));
  return {
    nodes,
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)),
  };
}

describe('eventLoopStalls', () => {
  // 10 idle, a 3 ms request, 10 idle, 15 ms loading the generated client then 10 ms of GC, 12 idle
  const profile = profileOf([
    [2, 10],
    [4, 2],
    [5, 1],
    [2, 10],
    [7, 15],
    [3, 10],
    [2, 12],
  ]);
  const stalls = eventLoopStalls([{ pid: 11, profile }], 20);

  it('finds the stretches without an idle sample that reach the threshold, and only those', () => {
    expect(stalls.workers).toEqual([{ pid: 11, windowSeconds: 0.06, stretches: 1, shareOfWindow: 25 / 60 }]);
    expect(stalls.longest).toHaveLength(1);
    expect(stalls.longest[0]).toMatchObject({ pid: 11, atSeconds: 0.023, ms: 25 });
  });

  it('charges a stretch to packages as the CPU tables do (node internals to their caller), and names its frame', () => {
    expect(stalls.longest[0].packages).toEqual([
      { name: 'prisma', share: 0.6 },
      { name: 'gc', share: 0.4 },
    ]);
    expect(stalls.longest[0].topFrame).toBe('(anonymous) prisma/notifications/generated/internal/class.js:80');
  });

  it("adds up a worker's windows and ranks every worker's stretches together", () => {
    const short = profileOf([
      [2, 5],
      [4, 30],
      [2, 5],
    ]);
    const both = eventLoopStalls(
      [
        { pid: 11, profile },
        { pid: 11, profile: short },
        { pid: 12, profile: short },
      ],
      20,
      2,
    );
    expect(both.workers).toEqual([
      { pid: 11, windowSeconds: 0.1, stretches: 2, shareOfWindow: 55 / 100 },
      { pid: 12, windowSeconds: 0.04, stretches: 1, shareOfWindow: 30 / 40 },
    ]);
    expect(both.longest.map((s) => [s.pid, s.ms])).toEqual([
      [11, 30],
      [12, 30],
    ]);
    expect(both.longest[0].packages).toEqual([{ name: 'ours', share: 1 }]);
  });
});
