import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, renderCompare } from './compare';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { roundStart } from './round-start';

const base = JSON.parse(
  readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8'),
) as RunData;

function slowed(factor: number): RunData {
  const r = JSON.parse(JSON.stringify(base)) as RunData;
  for (const s of r.scripts) {
    for (const e of s.series.endpoints) {
      e.p95 *= factor;
      e.p99 *= factor;
      e.count = Math.round(e.count / factor);
    }
    s.series.totalRequests = Math.round(s.series.totalRequests / factor);
  }
  return r;
}

describe('compareRuns', () => {
  it('flags a B that is slower past the threshold, not one within it', () => {
    const caught = compareRuns([base, base, base], [slowed(1.5), slowed(1.5), slowed(1.5)], 10);
    expect(caught.filter((r) => r.regressed).map((r) => r.label)).toEqual([
      'Throughput (req/s)',
      'P95 Latency (ms)',
      'P99 Latency (ms)',
    ]);
    const within = compareRuns([base], [slowed(1.05)], 10);
    expect(within.some((r) => r.regressed)).toBe(false);
    // 0 errors on both sides is no change, not a missing value
    expect(within.find((r) => r.label.startsWith('Error'))!.changePercent).toBe(0);
  });

  it('uses medians, so one outlier round does not decide', () => {
    const rows = compareRuns([base, base, base], [base, base, slowed(3)], 10);
    expect(rows.find((r) => r.label.startsWith('P95'))!.changePercent).toBeCloseTo(0);
  });

  it('renders the Before / After / Improvement table without empty cells', () => {
    const md = renderCompare('main', 'slow', compareRuns([base], [slowed(2)], 10), [1, 1], 10);
    expect(md).toContain('| Metric | Before (A) | After (B) | Improvement |');
    expect(md).toContain('REGRESSION');
    expect(md).toContain('bench exits 1');
    expect(renderCompare('main', 'same', compareRuns([base], [base], 10), [1, 1], 10)).toContain(
      'no regression past the threshold — bench exits 0',
    );
    expect(emptyCells(md)).toEqual([]);
  });

  it('shows how each round started, in the order the rounds ran, in COMPARE.md', () => {
    const busy = JSON.parse(JSON.stringify(base)) as RunData;
    busy.machine.idleBefore = { seconds: 5, idle: 0.4, busyCores: 1.2 };
    const wait = { quiet: false, waitedSeconds: 20, maxWaitSeconds: 20, idle: 0.45, line: 'CPU still busy' };
    const starts = [roundStart('A round 1', base), roundStart('B round 1', busy, wait)];
    const md = renderCompare('main', 'same', compareRuns([base], [busy], 10), [1, 1], 10, { starts });
    expect(md).toContain('## How each round started');
    expect(md).toContain(
      '| B round 1 | still busy: the 20 s wait ran out (45 % idle), started anyway | 40 % over 5 s (busy) |',
    );
    expect(md.indexOf('| A round 1 |')).toBeLessThan(md.indexOf('| B round 1 |'));
    expect(emptyCells(md)).toEqual([]);
  });
});
