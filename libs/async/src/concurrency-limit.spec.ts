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
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limit.queued).toBe(3);
    finish.shift()!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (finish.length > 0 || started.length < 5) {
      finish.shift()?.();
      await tick();
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limit.inUse).toBe(0);
    expect(limit.queued).toBe(0);
  });

  it('hands a freed slot to the oldest waiter, not to a later arrival', async () => {
    const limit = new ConcurrencyLimit(1);
    const order: string[] = [];
    const release = await limit.acquire();
    const waiter = limit.run(async () => void order.push('waiter'));
    release();
    const late = limit.run(async () => void order.push('late'));
    await Promise.all([waiter, late]);
    expect(order).toEqual(['waiter', 'late']);
  });

  it('frees the slot when the work throws, and ignores a second release', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await limit.acquire();
    release();
    release();
    expect(limit.inUse).toBe(0);
    expect(await limit.run(async () => 'next')).toBe('next');
  });

  it('refuses a limit that is not a whole number ≥ 1', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});
