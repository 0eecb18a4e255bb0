import { describe, expect, it } from 'vitest';
import { BatchedEventWriter, rounds } from './batched-event-writer';

const ev = (eventId: string, companyId: string) => ({ eventId, companyId });

describe('rounds', () => {
  it('puts at most one event per company in a round, in arrival order', () => {
    const batch = [ev('1', 'a'), ev('2', 'b'), ev('3', 'a'), ev('4', 'a'), ev('5', 'c')];
    expect(rounds(batch).map((r) => r.map((e) => e.eventId))).toEqual([['1', '2', '5'], ['3'], ['4']]);
  });
});

describe('BatchedEventWriter', () => {
  it('writes events of the same turn in one call and answers each with its own outcome', async () => {
    const calls: string[][] = [];
    const writer = new BatchedEventWriter(async (events: { eventId: string; companyId: string }[]) => {
      calls.push(events.map((e) => e.eventId));
      return new Set(events.filter((e) => e.eventId !== 'dup').map((e) => e.eventId));
    }, 100);
    const results = await Promise.all([
      writer.store(ev('x', 'a')),
      writer.store(ev('dup', 'b')),
      writer.store(ev('y', 'c')),
    ]);
    expect(results).toEqual([true, false, true]);
    expect(calls).toEqual([['x', 'dup', 'y']]);
  });

  it('retries a failed round one event at a time: only the bad event fails', async () => {
    const writer = new BatchedEventWriter(async (events: { eventId: string; companyId: string }[]) => {
      if (events.some((e) => e.eventId === 'bad')) throw new Error('numeric field overflow');
      return new Set(events.map((e) => e.eventId));
    }, 100);
    const results = await Promise.allSettled([
      writer.store(ev('ok1', 'a')),
      writer.store(ev('bad', 'b')),
      writer.store(ev('ok2', 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'numeric field overflow' });
  });
});
