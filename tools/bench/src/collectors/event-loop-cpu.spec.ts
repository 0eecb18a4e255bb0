import { spawn } from 'node:child_process';
import { waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuSample, processTree } from './proc-cpu';
import { busiestLoop, EventLoopCpu, EventLoopCpuSampler, ROLLING_SECONDS } from './event-loop-cpu';

// One second of a tree: each process's CPU (pid → % of one core).
const second = (t: number, perPid: Record<number, number>): CpuSample => {
  const perProcess = Object.entries(perPid).map(([pid, percent]) => ({ pid: Number(pid), percent }));
  const all = perProcess.map((p) => p.percent);
  return {
    t,
    cpuPercent: all.reduce((a, b) => a + b, 0),
    rssBytes: null,
    busiestPercent: Math.max(...all),
    processes: all.length,
    perProcess,
  };
};
const seconds = (from: number, n: number, at: (i: number) => Record<number, number>) =>
  Array.from({ length: n }, (_, i) => second(from + i, at(i)));
const window = [{ start: 100, end: 130 }];

describe('the busiest event loop from per-second samples', () => {
  it('is one process: the highest average, with that process’s own min and max', () => {
    // API cluster (primary 10, workers 11, 12): worker 11 bursts to 90 % for 10 s, else 20 %
    // (avg ~33 %); worker 12 holds 45 %. Worker role (pid 20, one loop) at 40 %.
    const api = seconds(100, 31, (i) => ({ 10: 2, 11: i >= 10 && i < 20 ? 90 : 20, 12: 45 }));
    const worker = seconds(100, 31, () => ({ 20: 40 }));
    const r = busiestLoop(
      [
        { pid: 10, name: 'notifications-api', samples: api },
        { pid: 20, name: 'notifications-worker', samples: worker },
      ],
      window,
    ) as EventLoopCpu;
    // before: max from worker 11's burst, min and avg from worker 12, three different loops' numbers
    expect(r).toMatchObject({
      busiestProcess: 'notifications-api pid 12 (cluster worker)',
      busiestAvgPercent: 45,
      busiestMinPercent: 45,
      busiestMaxPercent: 45,
      processes: 4,
      samples: 62,
    });
  });

  it('averages over the rate window and keeps only the load windows', () => {
    // one loop at 30 % with one 90 % second inside the window and a spike outside it
    const api = [...seconds(100, 31, (i) => ({ 10: i === 26 ? 90 : 30 })), second(140, { 10: 400 })];
    const r = busiestLoop([{ pid: 10, name: 'notifications', samples: api }], window) as EventLoopCpu;
    // the 90 % second is one of ROLLING_SECONDS in its average, not the peak itself; a lone process is named by pid alone
    expect(r).toMatchObject({
      busiestMaxPercent: 30 + 60 / ROLLING_SECONDS,
      busiestMinPercent: 30,
      busiestProcess: 'notifications pid 10',
    });
  });

  it('says why when no sample fell in the load windows', () => {
    expect(busiestLoop([{ pid: 1, name: 'x', samples: [second(10, { 1: 50 })] }], window)).toEqual({
      notMeasured: 'no /proc CPU samples of the service processes in the load windows',
    });
    expect(new EventLoopCpuSampler([]).result([{ start: 0, end: 1 }])).toEqual({
      notMeasured: 'the service was not started by the bench, so its processes are not known',
    });
  });
});

// A real process tree: an idle shell (the cluster primary) with one busy child (a worker).
describe('sampling a real process tree', () => {
  let pid: number | undefined;
  afterEach(() => {
    if (pid) process.kill(-pid, 'SIGKILL');
  });

  it('reads the busy child’s CPU: one process, one core at most', async () => {
    const shell = spawn('sh', ['-c', 'while :; do :; done & sleep 60 & wait'], { detached: true, stdio: 'ignore' });
    pid = shell.pid as number;
    await waitFor(() => processTree(pid as number).length === 3, { what: 'the busy child and the idle one to start' });
    const start = Date.now() / 1000;
    const sampler = new EventLoopCpuSampler([{ pid, name: 'busy shell' }]);
    let r = sampler.result([{ start, end: Infinity }]);
    await waitFor(
      () => {
        r = sampler.result([{ start, end: Infinity }]);
        return 'samples' in r && r.samples >= 3;
      },
      { what: 'three samples', timeoutMs: 15_000 },
    );
    sampler.stop();
    const loop = r as EventLoopCpu;
    expect(loop.processes).toBe(3);
    // one busy loop: at most one core, and clearly busy (the machine is shared)
    expect(loop.busiestMaxPercent).toBeGreaterThan(20);
    expect(loop.busiestMaxPercent).toBeLessThanOrEqual(105);
    // the busy child, not the idle shell that started it
    expect(loop.busiestProcess).toMatch(/^busy shell pid \d+ \(cluster worker\)$/);
    expect(loop.busiestProcess).not.toBe(`busy shell pid ${pid} (cluster worker)`);
  });
});
