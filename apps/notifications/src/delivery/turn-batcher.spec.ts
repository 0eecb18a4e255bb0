import { describe, expect, it } from 'vitest';
import { TurnBatcher } from './turn-batcher';

describe('TurnBatcher', () => {
  it('answers the calls of one turn with one flush, results aligned, batches capped', async () => {
    const flushed: number[][] = [];
    const batcher = new TurnBatcher(async (items: number[]) => {
      flushed.push(items);
      return items.map((n) => n * 10);
    }, 3);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.run(n)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(flushed).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(await batcher.run(6)).toBe(60);
    expect(flushed[2]).toEqual([6]);
  });

  it('rejects every call of a failed flush, and keeps working', async () => {
    let fail = true;
    const batcher = new TurnBatcher(async (items: string[]) => {
      if (fail) throw new Error('postgres down');
      return items;
    }, 10);
    const outcomes = await Promise.allSettled([batcher.run('a'), batcher.run('b')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.run('c')).toBe('c');
  });
});
