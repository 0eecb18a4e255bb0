import { spawn } from 'node:child_process';
import { waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuStats, processTree, ProcTreeSampler } from './proc-cpu';

// A real process tree: a shell (the "master") with a busy child (the "worker").
describe('CPU of a process tree (Locust master and workers)', () => {
  let pid: number | undefined;
  afterEach(() => {
    if (pid) process.kill(-pid, 'SIGKILL');
  });

  it('finds the descendants and reports the busiest process beside the sum', async () => {
    const shell = spawn('sh', ['-c', 'while :; do :; done & wait'], { detached: true, stdio: 'ignore' });
    pid = shell.pid as number;
    await waitFor(() => processTree(pid as number).length === 2, { what: 'the busy child to start' });
    const sampler = new ProcTreeSampler(pid).start(200);
    await waitFor(() => sampler.samples.length >= 3, { what: 'three samples' });
    sampler.stop();
    const stats = cpuStats(sampler.samples);
    expect(stats.processes).toBe(2);
    // The busy loop is one process: it is the busiest, and the sum is at least it.
    expect(stats.busiestP95Percent).toBeGreaterThan(20);
    expect(stats.p95Percent).toBeGreaterThanOrEqual(stats.busiestP95Percent as number);
  });

  it('samples a single process (k6) as a tree of one: the sum is that process', async () => {
    const busy = spawn('sh', ['-c', 'while :; do :; done'], { detached: true, stdio: 'ignore' });
    pid = busy.pid as number;
    const sampler = new ProcTreeSampler(pid).start(200);
    await waitFor(() => sampler.samples.length >= 3, { what: 'three samples' });
    sampler.stop();
    const stats = cpuStats(sampler.samples);
    expect(stats.processes).toBe(1);
    expect(stats.p95Percent).toBeGreaterThan(20);
    expect(sampler.samples.every((s) => s.cpuPercent === s.busiestPercent)).toBe(true);
  });
});
