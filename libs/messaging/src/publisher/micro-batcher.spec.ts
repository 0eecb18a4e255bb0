import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('sends items added in the same turn as one batch', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>(async (items) => void batches.push(items), { lingerMs: 0, maxBatch: 100 });
    await Promise.all([batcher.add([1]), batcher.add([2, 3]), batcher.add([4])]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('splits at maxBatch', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>(async (items) => void batches.push(items), { lingerMs: 0, maxBatch: 3 });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.add([n])));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('rejects every caller of a failed batch, and only those', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<string>(
      async () => {
        if (++calls === 1) throw new Error('kafka down');
      },
      { lingerMs: 0, maxBatch: 10 },
    );
    const first = [batcher.add(['a']), batcher.add(['b'])];
    await expect(Promise.all(first.map((p) => p.catch((e: Error) => e.message)))).resolves.toEqual([
      'kafka down',
      'kafka down',
    ]);
    await expect(batcher.add(['c'])).resolves.toBeUndefined();
  });

  it('waits lingerMs for company when asked to', async () => {
    const batches: string[][] = [];
    const batcher = new MicroBatcher<string>(async (items) => void batches.push(items), { lingerMs: 20, maxBatch: 10 });
    const a = batcher.add(['a']);
    await new Promise((r) => setTimeout(r, 5));
    const b = batcher.add(['b']);
    await Promise.all([a, b]);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('drains what is waiting', async () => {
    const batches: string[][] = [];
    const batcher = new MicroBatcher<string>(async (items) => void batches.push(items), {
      lingerMs: 10_000,
      maxBatch: 10,
    });
    const waiting = batcher.add(['x']);
    await batcher.drain();
    await waiting;
    expect(batches).toEqual([['x']]);
  });
});
