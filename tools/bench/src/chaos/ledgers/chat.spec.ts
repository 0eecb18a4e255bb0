import { describe, expect, it } from 'vitest';
import { messageFates, parseReceipts } from './chat';

const line = (msg: string) => `time="2026-11-24T03:00:00Z" level=info msg="${msg}" source=console`;

describe('chat chaos ledger', () => {
  const output = [
    line('socket 1000 bob 0'),
    line('socket 1000 bob 1'),
    line('socket 1000 alice 0'),
    line('chaos 2000 send 200 - 12 m1 m1'),
    line('receipt 2010 m1 bob 0'),
    line('receipt 2500 m1 bob 1'),
    line('chaos 3000 send 200 - 9 m2 m2'),
    line('receipt 3005 m2 bob 0'),
    line('chaos 9000 send 200 - 9 m3 m3'),
    line('receipt 9001 m3 bob 0'),
    line('chaos 9500 send 503 1 4 m4 -'),
  ].join('\n');

  it('reads the sockets each user holds, the first receipt per socket, and the last line', () => {
    const receipts = parseReceipts(`${output}\n${line('receipt 9400 m1 bob 0')}`);
    expect([...receipts.sockets.get('bob')!]).toEqual(['0', '1']);
    expect(receipts.received.get('m1')).toEqual(
      new Map([
        ['bob/0', 2010],
        ['bob/1', 2500],
      ]),
    );
    expect(receipts.lastLineAt).toBe(9500);
  });

  it('delivered when every socket of every other member got it; missing sockets near the end are not counted as lost', () => {
    const receipts = parseReceipts(output);
    const acceptedAt = new Map([
      ['m1', 2000],
      ['m2', 3000],
      ['m3', 9000],
    ]);
    const stored = ['m1', 'm2', 'm3'].map((id) => ({ id, stored: 1, recipients: ['bob'] }));
    const [m1, m2, m3] = messageFates(stored, receipts, acceptedAt);
    expect(m1).toEqual({ key: 'm1', stored: 1, effects: 1, effectedAt: 2500 });
    // One of bob's two sockets never got m2, long before the end: not delivered.
    expect(m2).toEqual({ key: 'm2', stored: 1, effects: 0 });
    expect(m3.effects).toBe(0);
    expect(m3.failed).toMatchObject({ byOutage: false });
  });
});
