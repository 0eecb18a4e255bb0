import { describe, expect, it } from 'vitest';
import { AcceptedWrite, ledgerFor, ledgerRows, settled, storedWithoutAccept, WriteFate } from './ledger';
import { FaultRecord } from './faults-model';
import { parseTimeline } from './timeline';

const faults: FaultRecord[] = [
  { fault: 'worker-kill', startedAt: 100, endedAt: 200, phaseEnd: 1000, detail: '' },
  { fault: 'kafka', startedAt: 1000, endedAt: 1500, phaseEnd: 3000, detail: '' },
];
const w = (key: string, acceptedAt: number): AcceptedWrite => ({ op: 'create', key, acceptedAt });
const accepted = [w('a', 50), w('b', 150), w('c', 900), w('d', 1200), w('e', 1300), w('f', 1400)];
const fates: WriteFate[] = [
  { key: 'a', stored: 1, effects: 1, effectedAt: 80 },
  { key: 'b', stored: 1, effects: 1, effectedAt: 2150 },
  { key: 'c', stored: 2, effects: 1, effectedAt: 1000 }, // created twice
  // d: lost
  { key: 'e', stored: 1, effects: 0, failed: { byOutage: true, reason: 'Redis down' } },
  { key: 'f', stored: 1, effects: 0 }, // still pending
  { key: 'g', stored: 1, effects: 1, effectedAt: 1600 }, // stored, the client saw no 2xx
];

describe('ledgerRows', () => {
  const rows = ledgerRows(accepted, fates, faults);

  it('puts each accepted write in its phase: before the faults, then a fault and its calm', () => {
    expect(rows.map((r) => [r.phase, r.accepted])).toEqual([
      ['before the faults', 1],
      ['1. worker-kill', 2],
      ['2. kafka', 3],
      ['whole run', 6],
    ]);
  });

  it('counts stored, effected, lost, not effected, duplicates and failed by outage', () => {
    const total = rows[3];
    expect(total).toMatchObject({
      stored: 5,
      effected: 3,
      lost: 1,
      notEffected: 1,
      duplicates: 1,
      failedByOutage: 1,
      failedOther: 0,
    });
  });

  it('times accepted → effected per phase', () => {
    expect(rows[1].e2e).toEqual({ count: 2, p50: 100, p95: 2000, max: 2000 });
    expect(rows[2].e2e).toBeNull();
  });
});

describe('storedWithoutAccept and settled', () => {
  it('finds writes stored although the client saw no 2xx', () => {
    const lines = accepted.map((a) => `chaos ${a.acceptedAt} create 202 - 1 ${a.key} -`);
    const answers = parseTimeline([...lines, 'chaos 2000 create 0 - 10000 g -'].join('\n'));
    expect(storedWithoutAccept(answers, ['create'], fates)).toBe(1);
  });
  it('waits while a stored accepted write has neither effect nor failure', () => {
    expect(settled(accepted, fates)).toBe(false);
    expect(
      settled(
        accepted,
        fates.filter((f) => f.key !== 'f'),
      ),
    ).toBe(true);
  });
});

describe('ledgerFor', () => {
  it('finds the ledger a suite declares, and names the file a suite without one lacks', () => {
    expect(ledgerFor('notifications').writes).toEqual(['create']);
    expect(ledgerFor('auth').writes).toEqual(['register']);
    expect(() => ledgerFor('nope')).toThrow('tools/bench/src/chaos/ledgers/nope.ts');
  });
});
