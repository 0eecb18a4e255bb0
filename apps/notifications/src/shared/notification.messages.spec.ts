import { describe, expect, it } from 'vitest';
import { outboxRowsJson } from './notification.messages';

describe('outboxRowsJson', () => {
  const entries = [
    { topic: 't', key: 'user-1', payload: '{"title":"a \\"quoted\\" title","n":1}', headers: null },
    { topic: 't', key: 'user-"2"', payload: '{"data":{"x":[1,2]}}', headers: { 'x-correlation-id': 'c-1' } },
  ];

  it('is what encoding each entry with its parsed payload, ref and order gives', () => {
    const expected = entries.map((e, i) => ({ ...e, payload: JSON.parse(e.payload) as unknown, ref: `r${i}`, ord: i }));
    expect(JSON.parse(outboxRowsJson(entries, ['r0', 'r1']))).toEqual(expected);
  });

  it('is an empty array for no entries', () => {
    expect(outboxRowsJson([], [])).toBe('[]');
  });
});
