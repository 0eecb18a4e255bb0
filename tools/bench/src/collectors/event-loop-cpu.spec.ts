import { spawn } from 'node:child_process';
import { waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { processTree } from './proc-cpu';
import { busiestLoop, EventLoopCpu, EventLoopCpuSampler, ROLLING_SECONDS } from './event-loop-cpu';

const busy = (t: number, busiestPercent: number, processes = 3) => ({
  t,
  cpuPercent: busiestPercent * 2,
  rssBytes: null,
  busiestPercent,
  processes,
});

describe('the busiest event loop from per-second samples', () => {
  it('averages over the rate window, keeps only the load windows and takes the busiest tree', () => {
    // an API tree at 30 % then 90 % for one second, a worker tree at 50 %, and a spike outside the window
    const api = [
      busy(100, 30),
      ...Array.from({ length: 30 }, (_, i) => busy(101 + i, i === 25 ? 90 : 30)),
      busy(140, 400),
    ];
    const worker = Array.from({ length: 31 }, (_, i) => busy(100 + i, 50, 1));
    const r = busiestLoop([api, worker], [{ start: 100, end: 130 }]) as EventLoopCpu;
    // the API's 90 % second is one of ROLLING_SECONDS in its average, not the peak itself
    expect(r.busiestMaxPercent).toBeCloseTo(50, 9);
    expect(busiestLoop([api], [{ start: 100, end: 130 }])).toMatchObject({
      busiestMaxPercent: 30 + 60 / ROLLING_SECONDS,
      busiestMinPercent: 30,
    });
    expect(r.processes).toBe(4);
    expect(r.samples).toBe(62);
  });

  it('says why when no sample fell in the load windows', () => {
    expect(busiestLoop([[busy(10, 50)]], [{ start: 100, end: 130 }])).toEqual({
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
    const sampler = new EventLoopCpuSampler([pid]);
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
  });
});
