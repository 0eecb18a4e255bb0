import { describe, expect, it } from 'vitest';
import { baselineRepeatRows, medianSpread, renderBaselineRepeat } from './repeat-baseline';
import type { BaselineOperation, RunData } from './report/model';
import { attachedSmokePair as attached, recordedRun as fx } from './testing/smoke-pair';

// `--baseline --repeat N`: the recorded notifications smoke and its baseline, attached as the
// bench attaches them, with each pair's ratios set to known values.

/** One pair whose every operation has these ratios and this verdict. */
function pair(rpsRatio: number, p95Ratio: number, ok: boolean | null): RunData {
  const run = attached();
  const operations = run.baseline!.operations!.map((op): BaselineOperation => ({ ...op, rpsRatio, p95Ratio, ok }));
  return { ...run, baseline: { ...run.baseline!, operations } };
}

describe('service ÷ baseline over repeated pairs', () => {
  it('keeps each operation’s ratios pair by pair, in run order', () => {
    const runs = [pair(1.01, 1.14, true), pair(0.99, 1.33, false), pair(1.0, 1.2, true)];
    const rows = baselineRepeatRows(runs);
    expect(rows.length).toBe(attached().baseline!.operations!.length);
    expect(rows[0].rpsRatios).toEqual([1.01, 0.99, 1.0]);
    expect(rows[0].p95Ratios).toEqual([1.14, 1.33, 1.2]);
    expect(rows[0].goals).toEqual([true, false, true]);
  });

  it('gives the median and min–max, and how many pairs met the goal', () => {
    expect(medianSpread([1.14, 1.33, 1.2])).toBe('1.20× (1.14×–1.33×)');
    expect(medianSpread([NaN, 2])).toBe('2.00× (2.00×–2.00×)');
    expect(medianSpread([NaN])).toBe('not measured: no pair had it');
    const md = renderBaselineRepeat([pair(1.01, 1.14, true), pair(0.99, 1.33, false), pair(1.0, 1.2, true)]);
    expect(md).toContain('## Service ÷ like-for-like baseline, pair by pair');
    expect(md).toContain(
      '| 1.01×, 1.14× | 0.99×, 1.33× | 1.00×, 1.20× | 1.00× (0.99×–1.01×) | 1.20× (1.14×–1.33×) | met in 2 of 3 |',
    );
    expect(md).toContain('| CPU per request | server processes |');
  });

  it('says when no pair was graded, and writes nothing without a baseline half', () => {
    expect(renderBaselineRepeat([pair(1, 1, null), pair(1, 1, null)])).toContain('not graded');
    expect(renderBaselineRepeat([{ ...fx('notifications-smoke.service.run.json'), baseline: undefined }])).toBe('');
  });

  it('marks an operation a pair did not measure', () => {
    const partial = attached();
    const rows = baselineRepeatRows([
      pair(1, 1.1, true),
      { ...partial, baseline: { ...partial.baseline!, operations: [] } },
    ]);
    expect(rows[0].p95Ratios[0]).toBe(1.1);
    expect(rows[0].p95Ratios[1]).toBeNaN();
    expect(rows[0].goals).toEqual([true, null]);
  });
});
