import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { companyShares, impactHistory, type HistoryOptions } from './impact-history';

const options: HistoryOptions = { seed: 42, events: 20_000, companies: 50, until: '2026-11-30' };

function digest(o: HistoryOptions): string {
  const hash = createHash('sha256');
  for (const batch of impactHistory(o, 1_000)) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

describe('impactHistory', () => {
  it('gives the same events for the same seed, and others for another', () => {
    expect(digest(options)).toBe(digest(options));
    expect(digest({ ...options, seed: 43 })).not.toBe(digest(options));
  });

  it('makes exactly the events asked for, a quarter of them feedback, inside the 24 months', () => {
    const rows = [...impactHistory(options, 3_000)].flat();
    expect(rows).toHaveLength(options.events);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(options.events);
    const feedback = rows.filter((r) => r.kind === 'feedback').length / rows.length;
    expect(feedback).toBeGreaterThan(0.2);
    expect(feedback).toBeLessThan(0.3);
    const times = rows.map((r) => Date.parse(r.occurredAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2026-11-30T23:59:59Z'));
    expect(Math.min(...times)).toBeGreaterThan(Date.parse('2024-11-01T00:00:00Z'));
    for (const r of rows.filter((row) => row.kind === 'feedback')) expect(r.score).toBeGreaterThanOrEqual(1);
  });

  it('skews toward a few large companies', () => {
    const shares = companyShares(300);
    expect(shares[0]).toBeGreaterThan(0.15);
    expect(shares.slice(0, 5).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.4);
    expect(shares[299]).toBeLessThan(0.001);
  });
});
