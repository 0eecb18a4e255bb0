import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from './periodic-task';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PeriodicTask', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // backoffDelay jitters ±20 %; the timings below assume its midpoint.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('runs every interval (within its jitter) and never overlaps a slow run', async () => {
    const gate = deferred();
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 1_000,
      jitter: 0.1,
      onError: () => undefined,
      run: async () => {
        runs += 1;
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        if (runs === 1) await gate.promise;
        concurrent -= 1;
      },
    });
    task.start();
    await vi.advanceTimersByTimeAsync(899);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(202);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000); // the first run is still going: nothing new starts
    expect(runs).toBe(1);
    gate.resolve();
    await vi.advanceTimersByTimeAsync(1_101);
    expect(runs).toBe(2);
    expect(maxConcurrent).toBe(1);
    await task.stop();
  });

  it('coalesces triggers during a run into one more run right after it', async () => {
    const gate = deferred();
    let runs = 0;
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 60_000,
      onError: () => undefined,
      run: async () => {
        runs += 1;
        if (runs === 1) await gate.promise;
      },
    });
    task.start();
    task.trigger();
    task.trigger();
    task.trigger();
    expect(runs).toBe(1);
    gate.resolve();
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await task.stop();
  });

  it('backs off while failing, ignores triggers meanwhile, reports errors and recovers', async () => {
    const errors: number[] = [];
    let fail = true;
    let runs = 0;
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 100,
      maxBackoffMs: 10_000,
      jitter: 0,
      onError: (_error, failures) => errors.push(failures),
      run: async () => {
        runs += 1;
        if (fail) throw new Error('down');
      },
    });
    task.start();
    await vi.advanceTimersByTimeAsync(100); // run 1 fails → ~100 ms
    await vi.advanceTimersByTimeAsync(130); // run 2 fails → ~200 ms
    expect(errors).toEqual([1, 2]);
    expect(task.lastError).toBe('down');
    task.trigger(); // backing off: ignored
    expect(runs).toBe(2);
    fail = false;
    await vi.advanceTimersByTimeAsync(250);
    expect(runs).toBe(3);
    expect(task.consecutiveFailures).toBe(0);
    expect(task.lastError).toBeUndefined();
    expect(task.lastRunAt).toBeInstanceOf(Date);
    await task.stop();
  });

  it('stop() waits for the run in flight and nothing runs after it', async () => {
    const gate = deferred();
    let finished = false;
    let runs = 0;
    const task = new PeriodicTask({
      name: 't',
      intervalMs: 10,
      runAtStart: true,
      onError: () => undefined,
      run: async () => {
        runs += 1;
        await gate.promise;
        finished = true;
      },
    });
    task.start();
    const stopped = task.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false);
    gate.resolve();
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
  });
});
