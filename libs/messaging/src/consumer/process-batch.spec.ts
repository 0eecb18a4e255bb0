import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '@perflab/async';
import { processBatch, type BatchMessage, type MessageResult } from './process-batch';

const batch = (keys: (string | null)[]): BatchMessage[] =>
  keys.map((key, i) => ({ offset: String(100 + i), key: key === null ? null : Buffer.from(key) }));

/** A handler whose messages finish when the test says so. */
function controlled() {
  const pending = new Map<string, { finish: (r?: MessageResult) => void; fail: (e: Error) => void }>();
  const started: string[] = [];
  const handle = (m: BatchMessage) =>
    new Promise<MessageResult>((resolve, reject) => {
      started.push(m.offset);
      pending.set(m.offset, { finish: (r = 'done') => resolve(r), fail: reject });
    });
  return { pending, started, handle };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('processBatch', () => {
  it('runs different keys in parallel, one key in order, within the limit', async () => {
    const c = controlled();
    const resolved: string[] = [];
    const run = processBatch({
      messages: batch(['a', 'b', 'a', 'c', 'b']),
      limit: new ConcurrencyLimit(2),
      handle: c.handle,
      resolveOffset: (o) => resolved.push(o),
      progress: async () => undefined,
      shouldStop: () => false,
    });
    await settle();
    expect(c.started).toEqual(['100', '101']); // a and b; c waits for a slot, a's second waits for a's first
    c.pending.get('101')!.finish();
    await settle();
    expect(c.started).toEqual(['100', '101', '103']); // c took b's slot; b's second queues behind it
    expect(resolved).toEqual([]); // 100 unfinished: nothing resolvable yet
    c.pending.get('100')!.finish();
    await settle();
    expect(c.started).toEqual(['100', '101', '103', '104']);
    expect(resolved).toEqual(['101']);
    c.pending.get('103')!.finish();
    await settle();
    expect(c.started).toEqual(['100', '101', '103', '104', '102']); // a's second only after a's first
    c.pending.get('104')!.finish();
    await settle();
    expect(resolved).toEqual(['101']); // 102 still open
    c.pending.get('102')!.finish();
    expect(await run).toEqual({ handled: 5, resolvedUpTo: '104' });
    expect(resolved).toEqual(['101', '104']);
  });

  it('resolves only the contiguous handled prefix, in increasing order', async () => {
    const c = controlled();
    const resolved: string[] = [];
    const run = processBatch({
      messages: batch(['a', 'b', 'c', 'd']),
      limit: new ConcurrencyLimit(10),
      handle: c.handle,
      resolveOffset: (o) => resolved.push(o),
      progress: async () => undefined,
      shouldStop: () => false,
    });
    await settle();
    c.pending.get('103')!.finish();
    c.pending.get('101')!.finish();
    await settle();
    expect(resolved).toEqual([]);
    c.pending.get('100')!.finish();
    await settle();
    expect(resolved).toEqual(['101']);
    c.pending.get('102')!.finish();
    await run;
    expect(resolved).toEqual(['101', '103']);
  });

  it('treats null keys as independent', async () => {
    const c = controlled();
    const run = processBatch({
      messages: batch([null, null, null]),
      limit: new ConcurrencyLimit(10),
      handle: c.handle,
      resolveOffset: () => undefined,
      progress: async () => undefined,
      shouldStop: () => false,
    });
    await settle();
    expect(c.started).toEqual(['100', '101', '102']);
    for (const [, p] of c.pending) p.finish();
    await run;
  });

  it('starts nothing new once stopping, lets in-flight finish, leaves the rest unresolved', async () => {
    const c = controlled();
    const resolved: string[] = [];
    let stopping = false;
    const run = processBatch({
      messages: batch(['a', 'a', 'b', 'b']),
      limit: new ConcurrencyLimit(10),
      handle: c.handle,
      resolveOffset: (o) => resolved.push(o),
      progress: async () => undefined,
      shouldStop: () => stopping,
    });
    await settle();
    expect(c.started).toEqual(['100', '102']);
    stopping = true;
    c.pending.get('100')!.finish();
    c.pending.get('102')!.finish('abandoned');
    expect(await run).toEqual({ handled: 1, resolvedUpTo: '100' });
    expect(c.started).toEqual(['100', '102']);
    expect(resolved).toEqual(['100']);
  });

  it('stops the batch on an abandoned message: its key goes no further', async () => {
    const c = controlled();
    const run = processBatch({
      messages: batch(['a', 'a']),
      limit: new ConcurrencyLimit(10),
      handle: c.handle,
      resolveOffset: () => undefined,
      progress: async () => undefined,
      shouldStop: () => false,
    });
    await settle();
    c.pending.get('100')!.finish('abandoned');
    expect(await run).toEqual({ handled: 0, resolvedUpTo: undefined });
    expect(c.started).toEqual(['100']);
  });

  it('rethrows a handler or progress error after in-flight messages settled, keeping what was resolved', async () => {
    const c = controlled();
    const resolved: string[] = [];
    const run = processBatch({
      messages: batch(['a', 'b', 'a']),
      limit: new ConcurrencyLimit(10),
      handle: c.handle,
      resolveOffset: (o) => resolved.push(o),
      progress: async () => undefined,
      shouldStop: () => false,
    });
    await settle();
    c.pending.get('100')!.finish();
    const caught = run.catch((error: unknown) => error);
    c.pending.get('101')!.fail(new Error('dead-letter send failed'));
    await settle();
    expect(await caught).toEqual(new Error('dead-letter send failed'));
    expect(resolved).toEqual(['100']);

    const failingProgress = processBatch({
      messages: batch(['a', 'a']),
      limit: new ConcurrencyLimit(1),
      handle: async () => 'done',
      resolveOffset: () => undefined,
      progress: async () => Promise.reject(new Error('rebalance in progress')),
      shouldStop: () => false,
    });
    await expect(failingProgress).rejects.toThrow('rebalance in progress');
  });
});
