import { describe, expect, it } from 'vitest';
import { CallFrame, Charge, chargeOf, CpuProfile, profileNodes, sampleDurations } from './cpuprofile';

// The rules the merged tree (addProfile), the package tables (summarise) and the event-loop
// stalls share: how long a sample lasts, and where a frame's CPU is charged.

const frame = (functionName: string, url = ''): CallFrame => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
const PG = '/work/main/node_modules/pg/lib/client.js';

const profile = (timeDeltas: number[], endTime: number): CpuProfile => ({
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('query', PG), children: [3] },
    { id: 3, callFrame: frame('writeUtf8String') },
  ],
  startTime: 0,
  endTime,
  samples: timeDeltas.map(() => 3),
  timeDeltas,
});

describe('sampleDurations', () => {
  it('lasts each sample until the next one, and the last one the mean interval', () => {
    expect(sampleDurations(profile([0, 1000, 3000, 500], 6000))).toEqual([1000, 3000, 500, 1500]);
  });

  it('counts a missing or negative delta as 0 µs (V8 writes the odd -2)', () => {
    expect(sampleDurations(profile([0, 1000, -2, 1002], 4000))).toEqual([1000, 0, 1002, 1000]);
    expect(sampleDurations({ ...profile([0, 1000], 2000), timeDeltas: [0] })).toEqual([0, 1000]);
  });

  it('gives a lone sample the whole window, and none to a profile without samples', () => {
    expect(sampleDurations(profile([0], 1000))).toEqual([1000]);
    expect(sampleDurations(profile([], 1000))).toEqual([]);
  });
});

describe('profileNodes', () => {
  it("indexes the nodes by id and gives each its parent's id, (root) none", () => {
    const { byId, parent } = profileNodes(profile([0], 1000));
    expect(byId.get(2)?.callFrame.functionName).toBe('query');
    expect([...parent]).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });
});

describe('chargeOf', () => {
  const pg: Charge = { pkg: 'pg', frame: frame('query', PG) };

  it("charges a package's frame to that package, whoever called it", () => {
    const f = frame('get', '/work/main/apps/notifications/src/controller.js');
    expect(chargeOf(f, pg)).toEqual({ pkg: 'ours', frame: f });
    expect(chargeOf(frame('(garbage collector)'), pg)).toEqual({ pkg: 'gc', frame: frame('(garbage collector)') });
  });

  it('charges node internals to the package that called them, through more node internals', () => {
    const write = chargeOf(frame('writeUtf8String'), chargeOf(frame('write', 'node:net'), pg));
    expect(write).toBe(pg);
  });

  it('leaves node internals called from nothing else as node internals, standing for themselves', () => {
    const program = chargeOf(frame('(program)'), undefined);
    expect(program).toEqual({ pkg: 'node internals', frame: frame('(program)') });
    expect(chargeOf(frame('processTicksAndRejections', 'node:internal/process/task_queues'), program)).toBe(program);
  });
});
