import { describe, expect, it } from 'vitest';
import type { ContextSwitches } from '../collectors/proc-cpu';
import { type Proc, type ProcGroup, type ProcReader, StackCpuSampler } from './stack-cpu';

// The machine sampler over measured windows, fed a /proc of its own: one frame per read, each
// with its time, its processes (ppid, comm, CPU ticks) and their main threads' switch counts.
interface Frame {
  t: number;
  procs: Record<number, [ppid: number, comm: string, ticks: number]>;
  switches: Record<number, [voluntary: number, involuntary: number]>;
}

function fakeProc(frames: Frame[]): ProcReader & { statusRead: number[] } {
  let at: Frame;
  const statusRead: number[] = [];
  return {
    statusRead,
    now: () => {
      at = frames.shift()!;
      return at.t;
    },
    procs: () =>
      new Map<number, Proc>(
        Object.entries(at.procs).map(([pid, [ppid, comm, ticks]]) => [Number(pid), { ppid, comm, ticks }]),
      ),
    switches: (pid): ContextSwitches | null => {
      statusRead.push(pid);
      const s = at.switches[pid];
      return s ? { voluntary: s[0], involuntary: s[1] } : null;
    },
  };
}

const groups: ProcGroup[] = [
  { name: 'service (all workers)', roots: () => [10], contextSwitches: true },
  { name: 'Redis', roots: () => [50] },
];

describe('the server processes’ context switches over the measured windows', () => {
  it('sums each window’s differences over the processes, as their CPU', () => {
    const proc = fakeProc([
      // window 1: the primary (10) and a worker (11); another worker (12) is born inside it
      {
        t: 0,
        procs: { 10: [1, 'node', 100], 11: [10, 'node', 50], 50: [1, 'redis', 7] },
        switches: { 10: [1000, 10], 11: [500, 5] },
      },
      {
        t: 10,
        procs: { 10: [1, 'node', 200], 11: [10, 'node', 150], 12: [10, 'node', 30], 50: [1, 'redis', 9] },
        switches: { 10: [1100, 12], 11: [800, 9], 12: [40, 1] },
      },
      // window 2: 11 has exited; 13 was running but its status could not be read at the start;
      // 11's pid comes back as another program, born inside the window
      {
        t: 100,
        procs: { 10: [1, 'node', 900], 12: [10, 'node', 400], 13: [10, 'node', 60], 50: [1, 'redis', 20] },
        switches: { 10: [5000, 50], 12: [100, 2] },
      },
      {
        t: 110,
        procs: {
          10: [1, 'node', 1000],
          11: [10, 'sh', 1],
          12: [10, 'node', 500],
          13: [10, 'node', 70],
          50: [1, 'redis', 21],
        },
        switches: { 10: [5100, 51], 11: [7, 0], 12: [160, 2], 13: [900, 3] },
      },
    ]);
    const sampler = new StackCpuSampler(groups, proc);
    sampler.open();
    sampler.close();
    sampler.open();
    sampler.close();
    const [server, redis] = sampler.result();
    // window 1: 100 + 300 + 40 (12: all of its own) voluntary, 2 + 4 + 1 involuntary;
    // window 2: 100 + 60 + 0 (13: from its first read) + 7 (the new 11: all of its own), 1 + 0 + 0 + 0
    expect(server.contextSwitches).toEqual({ voluntary: 607, involuntary: 8, seconds: 20 });
    // the CPU of the same windows, counted alike: (100 + 100 + 30) + (100 + 1 + 100 + 10) ticks over 20 s
    expect(server.avgPercent).toBeCloseTo((4.41 / 20) * 100, 10);
    // only the server processes' status is read, and the groups that do not ask have no switches
    expect(redis.avgPercent).toBeCloseTo((0.03 / 20) * 100, 10);
    expect(redis).not.toHaveProperty('contextSwitches');
    expect(new Set(proc.statusRead)).toEqual(new Set([10, 11, 12, 13]));
  });

  it('records none when no status could be read (a run on a /proc without them)', () => {
    const frame = (t: number): Frame => ({ t, procs: { 10: [1, 'node', t] }, switches: {} });
    const sampler = new StackCpuSampler(groups, fakeProc([frame(0), frame(5)]));
    sampler.open();
    sampler.close();
    const [server] = sampler.result();
    expect(server.avgPercent).toBeCloseTo(1, 10);
    expect(server).not.toHaveProperty('contextSwitches');
  });
});
