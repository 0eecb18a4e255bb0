import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS as H } from '@perflab/contracts';
import { deadLetterMessage } from './dead-letter-message';

describe('deadLetterMessage', () => {
  const raw = {
    topic: 't.x.v1',
    partition: 1,
    offset: '42',
    key: Buffer.from('k'),
    value: Buffer.from('v'),
    headers: { trace: 't1' },
  };
  const at = new Date('2025-01-01T00:00:00Z');

  it('keeps the original message and says where it came from and why', () => {
    const dl = deadLetterMessage(raw, { kind: 'failed', error: 'Error: boom', attempts: 4 }, 'g1', at);
    expect(dl.key?.toString()).toBe('k');
    expect(dl.value?.toString()).toBe('v');
    expect(dl.headers).toEqual({
      trace: 't1',
      [H.originalTopic]: 't.x.v1',
      [H.originalPartition]: '1',
      [H.originalOffset]: '42',
      [H.group]: 'g1',
      [H.reason]: 'handler',
      [H.error]: 'Error: boom',
      [H.attempts]: '4',
      [H.failedAt]: '2025-01-01T00:00:00.000Z',
    });
  });

  it('names the contract failure and truncates long errors', () => {
    const dl = deadLetterMessage(
      raw,
      { kind: 'invalid', reason: 'bad_json', error: 'x'.repeat(5_000), attempts: 0 },
      'g',
      at,
    );
    expect(dl.headers[H.reason]).toBe('bad_json');
    expect(dl.headers[H.attempts]).toBe('0');
    expect(dl.headers[H.error]).toHaveLength(1_000);
  });
});
