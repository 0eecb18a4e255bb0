import { describe, expect, it, vi } from 'vitest';
import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('answers the calls of one turn with one flush, results aligned with the items', async () => {
    const flushed: number[][] = [];
    const batcher = new MicroBatcher(
      async (items: number[]) => {
        flushed.push(items);
        return items.map((n) => n * 10);
      },
      { maxBatch: 100 },
    );
    const results = await Promise.all([batcher.run(1), batcher.add([2, 3]), batcher.run(4)]);
    expect(results).toEqual([10, [20, 30], 40]);
    expect(flushed).toEqual([[1, 2, 3, 4]]);
    expect(await batcher.run(5)).toBe(50);
    expect(flushed).toEqual([[1, 2, 3, 4], [5]]);
  });

  it('splits at maxBatch, also within one add', async () => {
    const flushed: number[][] = [];
    const batcher = new MicroBatcher<number>(async (items) => void flushed.push(items), { maxBatch: 3 });
    await Promise.all([batcher.add([1, 2, 3, 4, 5]), batcher.run(6), batcher.run(7)]);
    expect(flushed).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('resolves every item with undefined when the flush carries no results', async () => {
    const batcher = new MicroBatcher<string>(async () => undefined, { maxBatch: 10 });
    expect(await batcher.add(['a', 'b'])).toEqual([undefined, undefined]);
    expect(await batcher.add([])).toEqual([]);
  });

  it('rejects every caller of a failed batch, and only those', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<string>(
      async () => {
        if (++calls === 1) throw new Error('postgres down');
      },
      { maxBatch: 10 },
    );
    const outcomes = await Promise.allSettled([batcher.run('a'), batcher.add(['b'])]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.status))).toEqual([
      'postgres down',
      'postgres down',
    ]);
    await expect(batcher.run('c')).resolves.toBeUndefined();
  });

  it('rejects the batch when the flush returns the wrong number of results', async () => {
    const batcher = new MicroBatcher(async (items: number[]) => items.slice(1), { maxBatch: 10 });
    const outcomes = await Promise.allSettled([batcher.run(1), batcher.run(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('rejects the batch when the flush throws before returning a promise', async () => {
    const batcher = new MicroBatcher<number, number>(
      () => {
        throw new Error('sync');
      },
      { maxBatch: 10 },
    );
    await expect(batcher.run(1)).rejects.toThrow('sync');
  });

  it('waits lingerMs for company when asked to', async () => {
    const flushed: string[][] = [];
    const batcher = new MicroBatcher<string>(async (items) => void flushed.push(items), { lingerMs: 50, maxBatch: 10 });
    const a = batcher.run('a');
    await new Promise((r) => setImmediate(r));
    expect(flushed).toEqual([]);
    const b = batcher.run('b');
    await Promise.all([a, b]);
    expect(flushed).toEqual([['a', 'b']]);
  });

  it('drains what is waiting without waiting out the linger', async () => {
    const flushed: string[][] = [];
    const batcher = new MicroBatcher<string>(async (items) => void flushed.push(items), {
      lingerMs: 10_000,
      maxBatch: 10,
    });
    const waiting = batcher.add(['x']);
    await batcher.drain();
    await waiting;
    expect(flushed).toEqual([['x']]);
  });

  it('with maxInFlight, what arrives during a flush waits for it and goes as one batch (group commit)', async () => {
    const flushed: number[][] = [];
    const release: (() => void)[] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        flushed.push(items);
        await new Promise<void>((resolve) => release.push(resolve));
        return items;
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = batcher.run(1);
    await new Promise((r) => setImmediate(r));
    expect(flushed).toEqual([[1]]);
    // Idle no more: these wait for the commit in flight, however many turns pass.
    const waiting = [2, 3, 4, 5].map((n) => batcher.run(n));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(flushed).toEqual([[1]]);
    release.shift()?.();
    expect(await first).toBe(1);
    await vi.waitFor(() => expect(flushed).toEqual([[1], [2, 3, 4]]));
    release.shift()?.();
    await vi.waitFor(() => expect(flushed).toEqual([[1], [2, 3, 4], [5]]));
    const draining = batcher.drain();
    release.shift()?.();
    await draining;
    expect(await Promise.all(waiting)).toEqual([2, 3, 4, 5]);
  });

  it('drain waits for the flushes in flight', async () => {
    let finish = () => {};
    let done = false;
    const batcher = new MicroBatcher<number>(
      async () => {
        await new Promise<void>((resolve) => (finish = resolve));
        done = true;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    void batcher.run(1);
    await new Promise((r) => setImmediate(r));
    const draining = batcher.drain();
    finish();
    await draining;
    expect(done).toBe(true);
  });

  it('refuses a maxBatch below 1 and a negative linger', () => {
    const flush = async () => undefined;
    expect(() => new MicroBatcher<number>(flush, { maxBatch: 0 })).toThrow(RangeError);
    expect(() => new MicroBatcher<number>(flush, { maxBatch: 1, lingerMs: -1 })).toThrow(RangeError);
    expect(() => new MicroBatcher<number>(flush, { maxBatch: 1, maxInFlight: 0 })).toThrow(RangeError);
  });
});
