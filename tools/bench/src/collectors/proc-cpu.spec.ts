import { spawn } from 'node:child_process';
import { waitFor } from '@perflab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { contextSwitches, cpuStats, parseContextSwitches, processTree, ProcTreeSampler } from './proc-cpu';

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

// /proc/<pid>/status as Linux writes it (trimmed): the two switch counts are the leader thread's.
const STATUS = [
  'Name:\tnode',
  'State:\tS (sleeping)',
  'Tgid:\t4242',
  'Pid:\t4242',
  'VmRSS:\t  123456 kB',
  'Threads:\t11',
  'voluntary_ctxt_switches:\t29013',
  'nonvoluntary_ctxt_switches:\t412',
  '',
].join('\n');

describe('context switches of a main thread (/proc/<pid>/status)', () => {
  it('reads the voluntary and involuntary counts', () => {
    expect(parseContextSwitches(STATUS)).toEqual({ voluntary: 29013, involuntary: 412 });
  });

  it('reads them through the reader it is given, for the pid asked', () => {
    const asked: number[] = [];
    const read = (pid: number) => (asked.push(pid), STATUS);
    expect(contextSwitches(4242, read)).toEqual({ voluntary: 29013, involuntary: 412 });
    expect(asked).toEqual([4242]);
  });

  it('is null when a count is missing or the process has gone', () => {
    expect(parseContextSwitches(STATUS.replace(/^nonvoluntary.*$/m, ''))).toBeNull();
    expect(parseContextSwitches('')).toBeNull();
    const gone = () => {
      throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    };
    expect(contextSwitches(4242, gone)).toBeNull();
  });

  it('reads this process’s own status on Linux', () => {
    const own = contextSwitches(process.pid);
    expect(own?.voluntary).toBeGreaterThanOrEqual(0);
    expect(own?.involuntary).toBeGreaterThanOrEqual(0);
  });
});
