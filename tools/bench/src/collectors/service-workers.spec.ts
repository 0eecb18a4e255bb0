import { ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@perflab/testing';
import { countServiceInstances, countServiceProcesses } from './service-workers';

// Real processes: a node:cluster primary with its workers, and a single process.
const CLUSTER = `
const cluster = require('node:cluster');
if (cluster.isPrimary) { for (let i = 0; i < Number(process.argv[1]); i++) cluster.fork(); }
setInterval(() => {}, 1000);
`;

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) p.kill('SIGKILL');
});

function run(workers: number): number {
  const p = spawn(process.execPath, ['-e', CLUSTER, String(workers)], { stdio: 'ignore' });
  started.push(p);
  return p.pid!;
}

describe('countServiceInstances', () => {
  it('counts the cluster workers under the primary', async () => {
    const pid = run(3);
    const counted = await waitFor(() => {
      const c = countServiceInstances(pid);
      return c.count === 3 && c;
    });
    expect(counted).toEqual({ count: 3, cluster: true, pid });
  });

  it('counts a process without workers as one instance', async () => {
    const pid = run(0);
    await waitFor(() => countServiceInstances(pid).count === 1);
    expect(countServiceInstances(pid)).toEqual({ count: 1, cluster: false, pid });
  });

  it('says why when the process is not known', () => {
    expect(countServiceInstances(undefined)).toMatchObject({
      count: null,
      notMeasured: expect.stringMatching(/not started by the bench/),
    });
  });
});

describe('countServiceProcesses', () => {
  it('sums the event loops of a service run as several processes (an API cluster and a worker)', async () => {
    const [api, worker] = [run(2), run(0)];
    const counted = await waitFor(() => {
      const c = countServiceProcesses([api, worker]);
      return c.count === 3 && c;
    });
    expect(counted).toEqual({ count: 3, cluster: true, pid: api, processes: 2 });
  });

  it('is countServiceInstances for one process', async () => {
    const pid = run(0);
    await waitFor(() => countServiceProcesses([pid]).count === 1);
    expect(countServiceProcesses([pid])).toEqual({ count: 1, cluster: false, pid });
  });
});
