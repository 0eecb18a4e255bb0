import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit';

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('never lets more than max run, and serves waiters in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let running = 0;
    let peak = 0;
    const all = Array.from({ length: 5 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await new Promise<void>((done) => finish.push(done));
        running--;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish.shift()!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (finish.length > 0 || started.length < 5) {
      finish.shift()?.();
      await tick();
    }
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limit.inUse).toBe(0);
  });

  it('frees the slot when the work throws, and ignores a second release', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await limit.acquire();
    release();
    release();
    expect(limit.inUse).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
