import { describe, expect, it } from 'vitest';
import { isBare5xx, isHonest5xx, parseTimeline } from './timeline';

describe('parseTimeline', () => {
  it('reads the lines k6 wrote to its console file, in time order, and skips the rest', () => {
    const text = [
      'time="2026-11-23T23:10:54Z" level=info msg="chaos 1700000000200 create 202 - 12 chaos-r1-1-0-1 9f1c" source=console',
      'time="2026-11-23T23:10:54Z" level=warning msg="Request Failed" error="EOF"',
      'time="2026-11-23T23:10:54Z" level=info msg="chaos 1700000000100 create 503 5 8 chaos-r1-2-0-1 -" source=console',
      'time="2026-11-23T23:10:55Z" level=info msg="chaos 1700000000300 unread_count 0 - 10000 - -" source=console',
    ].join('\n');
    const answers = parseTimeline(text);
    expect(answers.map((a) => a.at)).toEqual([1700000000100, 1700000000200, 1700000000300]);
    expect(answers[0]).toEqual({
      at: 1700000000100,
      op: 'create',
      status: 503,
      retryAfter: '5',
      durationMs: 8,
      key: 'chaos-r1-2-0-1',
      id: undefined,
    });
    expect(answers[1].id).toBe('9f1c');
    expect(answers[2]).toMatchObject({ op: 'unread_count', status: 0, key: undefined });
  });

  it('calls a 503 with Retry-After honest and any other 5xx bare', () => {
    const [honest, bare503, bare500] = parseTimeline(
      ['chaos 1 a 503 5 1 - -', 'chaos 2 a 503 - 1 - -', 'chaos 3 a 500 5 1 - -'].join('\n'),
    );
    expect([isHonest5xx(honest), isBare5xx(honest)]).toEqual([true, false]);
    expect(isBare5xx(bare503)).toBe(true);
    expect(isBare5xx(bare500)).toBe(true);
  });
});
