import { describe, expect, it } from 'vitest';
import { waitFor } from '@perflab/testing';
import { PeriodicJob } from './periodic-job';

class CountingJob extends PeriodicJob {
  runs = 0;
  constructor(
    enabled: boolean,
    private readonly fail = false,
  ) {
    super({ name: 'counting', intervalMs: 10, enabled, runAtStart: true });
  }
  protected async run(): Promise<void> {
    this.runs += 1;
    if (this.fail) throw new Error('boom');
  }
}

describe('PeriodicJob', () => {
  it('runs once the application has booted and stops before shutdown', async () => {
    const job = new CountingJob(true);
    expect(job.runs).toBe(0);
    job.onApplicationBootstrap();
    await waitFor(() => job.runs >= 2, { timeoutMs: 2_000, what: 'two runs' });
    await job.beforeApplicationShutdown();
    const after = job.runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(job.runs).toBe(after);
  });

  it('never starts when disabled in this process', async () => {
    const job = new CountingJob(false);
    job.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 50));
    expect(job.runs).toBe(0);
    await job.beforeApplicationShutdown();
  });

  it('counts a failed run against the task (it backs off) instead of throwing', async () => {
    const job = new CountingJob(true, true);
    job.onApplicationBootstrap();
    await waitFor(() => job.task.consecutiveFailures >= 1, { timeoutMs: 2_000, what: 'a failed run' });
    await job.beforeApplicationShutdown();
    expect(job.task.lastError).toBe('boom');
  });
});
