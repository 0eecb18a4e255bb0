import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, renderCompare } from './compare';
import { compareOperationRuns } from './compare-operations';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { tableRow } from './testing/table-row';

// Recorded: ingestion --profile load (ingestion-load.js 108,516 ingests in 110 s, plus
// soak-test.js's 22 under the old every-script rule; 160 + 84 accepted → published probes).
const recorded = () =>
  JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'ingestion-load.service.run.json'), 'utf8')) as RunData;

/** The recorded run with one operation's p95 and rate changed by `factor`. */
function changed(scenario: string, p95Factor: number, countFactor = 1): RunData {
  const r = recorded();
  for (const s of r.scripts)
    for (const e of s.series.endpoints)
      if (e.scenario === scenario && s.script === 'ingestion-load') {
        e.p95 *= p95Factor;
        e.count = Math.round(e.count * countFactor);
      }
  return r;
}

describe('compare per operation', () => {
  it('gives each script’s operation its own medians and spread', () => {
    const rows = compareOperationRuns([recorded(), recorded()], [changed('ingest', 0.5), changed('ingest', 0.7)], 10);
    const ingest = rows.find((r) => r.operation === 'ingest (ingestion-load.js)')!;
    const p95 = recorded().scripts[0].series.endpoints.find((e) => e.scenario === 'ingest')!.p95;
    expect(ingest.p95.a).toBeCloseTo(p95, 6);
    expect(ingest.p95.b).toBeCloseTo(p95 * 0.6, 6);
    expect(ingest.p95.spreadB[0]).toBeCloseTo(p95 * 0.5, 6);
    expect(ingest.p95.spreadB[1]).toBeCloseTo(p95 * 0.7, 6);
    expect(ingest.p95.changePercent).toBeCloseTo(-40, 6);
    expect(ingest.regressed).toBe(false);
    // soak-test's 22 requests are their own row, and too few to gate
    const soak = rows.find((r) => r.operation === 'ingest (soak-test.js)')!;
    expect(soak.requests).toBe(22);
    expect(soak.why).toBe('under 100 requests a round: shown, not gated');
  });

  it('gates an operation whose p95 or rate got worse past the threshold, and the verdict names it', () => {
    const a = [recorded()];
    const b = [changed('ingest', 1.5)];
    const ops = compareOperationRuns(a, b, 10);
    expect(ops.filter((o) => o.regressed).map((o) => `${o.operation} ${o.name}`)).toEqual([
      'ingest (ingestion-load.js) POST /webhooks/ingest',
    ]);
    const slower = compareOperationRuns(a, [changed('ingest', 1, 0.8)], 10);
    expect(slower.find((o) => o.script === 'ingestion-load' && o.operation.startsWith('ingest'))!.regressed).toBe(true);
    const md = renderCompare('pool20', 'pool50', compareRuns(a, b, 10), [1, 1], 10, { operations: ops });
    expect(md).toContain(
      '**Verdict**: REGRESSION in P95 Latency (ms), ingest (ingestion-load.js) POST /webhooks/ingest',
    );
  });

  it('renders the sides and the per-operation table without empty cells', () => {
    const a = [recorded(), recorded()];
    const b = [changed('ingest', 0.8), changed('ingest', 0.9)];
    const md = renderCompare('pool20', 'pool50', compareRuns(a, b, 10), [2, 2], 10, {
      sides: [
        'A: variant pool20: DATABASE_POOL_SIZE=20 — on top of load-tests/ingestion/service*.env',
        'B: variant pool50: DATABASE_POOL_SIZE=50 — on top of load-tests/ingestion/service*.env',
      ],
      operations: compareOperationRuns(a, b, 10),
    });
    expect(md).toContain('# Compare — A: pool20 / B: pool50');
    expect(md).toContain('- A: variant pool20: DATABASE_POOL_SIZE=20');
    expect(md).toContain('- B: variant pool50: DATABASE_POOL_SIZE=50');
    expect(md).toContain('## Per operation');
    const row = tableRow(md, 'ingest (ingestion-load.js)');
    expect(row[1]).toBe('POST /webhooks/ingest');
    expect(row[7]).toBe('-15.0 %');
    expect(row[8]).toBe('lower in 2 of 2 (1 in 2 by chance)'); // B's p95 under its own round's A in both rounds
    expect(row[11]).toBe('ok');
    expect(tableRow(md, 'published')[11]).toMatch(/^ok|^n\/a \(under 100/);
    expect(md).toContain('no regression past the threshold — bench exits 0');
    expect(emptyCells(md)).toEqual([]);
  });

  it('says so when a side did not run an operation', () => {
    const a = [recorded()];
    const b = [{ ...recorded(), scripts: recorded().scripts.filter((s) => s.script !== 'soak-test') }];
    const soak = compareOperationRuns(a, b, 10).find((o) => o.script === 'soak-test')!;
    expect(soak.why).toBe('a side did not run it');
    const md = renderCompare('a', 'b', compareRuns(a, b, 10), [1, 1], 10, {
      operations: compareOperationRuns(a, b, 10),
    });
    expect(tableRow(md, 'ingest (soak-test.js)')[3]).toBe('not measured: not run on this side');
    expect(emptyCells(md)).toEqual([]);
  });
});
