import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@perflab/contracts';
import { onEvent } from './event-handler';
import { processMessage, type RawMessage } from './process-message';

const pinged = defineEvent({
  topic: 'unit.pinged.v1',
  partitions: 1,
  key: z.string(),
  value: z.object({ n: z.number() }),
});

const raw = (value: string | null, key = 'k'): RawMessage => ({
  topic: pinged.topic,
  partition: 2,
  offset: '7',
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: { h: 'v' },
});

function policy(retries: number) {
  const waits: number[] = [];
  let heartbeats = 0;
  return {
    waits,
    heartbeats: () => heartbeats,
    retries,
    delay: (attempt: number) => attempt * 10,
    sleep: async (ms: number) => void waits.push(ms),
    heartbeat: async () => void heartbeats++,
  };
}

describe('processMessage', () => {
  it('hands a valid message to the handler, typed and with its coordinates', async () => {
    const seen: unknown[] = [];
    const handler = onEvent(pinged, async (m) => void seen.push({ ...m, doubled: m.value.n * 2 }));
    await expect(processMessage(handler, raw('{"n":21}'), policy(3))).resolves.toEqual({
      kind: 'success',
      attempts: 1,
    });
    expect(seen).toEqual([
      {
        key: 'k',
        value: { n: 21 },
        headers: { h: 'v' },
        topic: pinged.topic,
        partition: 2,
        offset: '7',
        attempt: 1,
        doubled: 42,
      },
    ]);
  });

  it('never calls the handler for bad JSON or a schema failure', async () => {
    let calls = 0;
    const handler = onEvent(pinged, async () => void calls++);
    await expect(processMessage(handler, raw('{oops'), policy(3))).resolves.toMatchObject({
      kind: 'invalid',
      reason: 'bad_json',
    });
    await expect(processMessage(handler, raw('{"n":"x"}'), policy(3))).resolves.toMatchObject({
      kind: 'invalid',
      reason: 'invalid_value',
    });
    await expect(processMessage(handler, raw(null), policy(3))).resolves.toMatchObject({ reason: 'missing_value' });
    expect(calls).toBe(0);
  });

  it('retries with backoff and heartbeats, then succeeds', async () => {
    const p = policy(3);
    const attempts: number[] = [];
    const handler = onEvent(pinged, async (m) => {
      attempts.push(m.attempt);
      if (m.attempt < 3) throw new Error('flaky');
    });
    await expect(processMessage(handler, raw('{"n":1}'), p)).resolves.toEqual({ kind: 'success', attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(p.waits).toEqual([10, 20]);
    expect(p.heartbeats()).toBe(2);
  });

  it('gives up after the retries with the last error', async () => {
    const p = policy(2);
    const handler = onEvent(pinged, async (m) => {
      throw new Error(`boom ${m.attempt}`);
    });
    await expect(processMessage(handler, raw('{"n":1}'), p)).resolves.toEqual({
      kind: 'failed',
      error: 'Error: boom 3',
      attempts: 3,
    });
  });

  it('does not retry an error marked retryable: false', async () => {
    const p = policy(5);
    const handler = onEvent(pinged, async () => {
      throw Object.assign(new Error('unknown user'), { retryable: false });
    });
    await expect(processMessage(handler, raw('{"n":1}'), p)).resolves.toMatchObject({ kind: 'failed', attempts: 1 });
    expect(p.waits).toEqual([]);
  });

  it('keeps retrying an error marked deferred without using up the retries', async () => {
    const p = policy(1);
    let calls = 0;
    const handler = onEvent(pinged, async () => {
      if (++calls <= 5) throw Object.assign(new Error('redis down'), { deferred: true });
    });
    await expect(processMessage(handler, raw('{"n":1}'), p)).resolves.toEqual({ kind: 'success', attempts: 6 });
    expect(p.waits).toEqual([10, 20, 30, 40, 50]);
    expect(p.heartbeats()).toBe(5);
  });

  it('lets a stop during the backoff escape, so the message is not committed', async () => {
    const handler = onEvent(pinged, async () => {
      throw new Error('down');
    });
    const stopping = { ...policy(3), sleep: () => Promise.reject(new Error('consumer is stopping')) };
    await expect(processMessage(handler, raw('{"n":1}'), stopping)).rejects.toThrow('stopping');
  });
});
