import { describe, expect, it } from 'vitest';
import type { BaselineOperation, RunData } from './report/model';
import { emptyCells } from './report/write-report';
import {
  capacityAt,
  capacityRatio,
  ratioMeets,
  renderSweep,
  sweepCapacities,
  sweepDone,
  sweepOperations,
  type SweepPoint,
} from './sweep-baseline';
import { parseSweep } from './sweep-run';
import { attachedSmokePair as attached } from './testing/smoke-pair';

// `--profile rate --baseline --sweep …`: the recorded notifications smoke and its baseline,
// attached as the bench attaches them, each step's operations set to known rates and p95s.

/** One step: every open operation at these req/s and p95s, service and baseline. */
function step(serviceRps: number, serviceP95: number, baselineRps: number, baselineP95: number): RunData {
  const run = attached();
  const operations = run.baseline!.operations!.map((op): BaselineOperation => ({
    ...op,
    model: 'open',
    serviceRps,
    serviceP95,
    baselineRps,
    baselineP95,
  }));
  return { ...run, baseline: { ...run.baseline!, operations } };
}

const points = (...xs: [number, number][]): SweepPoint[] =>
  xs.map(([rps, p95], i) => ({ rateScale: 0.1 * (i + 1), rps, p95 }));
const BAR = () => 100;

describe('capacity at a p95 bar', () => {
  it('interpolates between the step under the bar and the first step over it', () => {
    const c = capacityAt(points([400, 20], [600, 60], [800, 140]), 100);
    expect(c.kind).toBe('interpolated');
    expect(c.kind === 'interpolated' && c.rps).toBeCloseTo(700);
  });

  it('takes the first crossing: a later dip under the bar does not move it', () => {
    const c = capacityAt(points([400, 20], [600, 180], [800, 90]), 100);
    expect(c.kind === 'interpolated' && c.rps).toBeCloseTo(400 + (80 / 160) * 200);
  });

  it('says when the bar was not reached, or was passed at the first step', () => {
    expect(capacityAt(points([400, 20], [600, 60]), 100)).toEqual({ kind: 'above', rps: 600 });
    expect(capacityAt(points([400, 120], [600, 160]), 100)).toEqual({ kind: 'below', rps: 400 });
    expect(capacityAt(points([NaN, NaN]), 100)).toEqual({ kind: 'none' });
  });
});

describe('service ÷ baseline capacity and the goal', () => {
  const at = (rps: number) => ({
    kind: 'interpolated' as const,
    rps,
    between: points([1, 1], [2, 2]) as [SweepPoint, SweepPoint],
  });
  const goal = { gte: 0.8 };

  it('grades a ratio of two crossings', () => {
    expect(capacityRatio(at(600), at(700))).toEqual({ kind: 'value', ratio: 600 / 700 });
    expect(ratioMeets({ kind: 'value', ratio: 0.86 }, goal)).toBe(true);
    expect(ratioMeets({ kind: 'value', ratio: 0.75 }, goal)).toBe(false);
  });

  it('gives a bound when one side never crossed, and grades it only when the bound settles it', () => {
    const serviceNever = capacityRatio({ kind: 'above', rps: 800 }, at(700));
    expect(serviceNever).toEqual({ kind: 'at least', ratio: 800 / 700 });
    expect(ratioMeets(serviceNever, goal)).toBe(true);
    const baselineNever = capacityRatio(at(600), { kind: 'above', rps: 800 });
    expect(baselineNever).toEqual({ kind: 'at most', ratio: 0.75 });
    expect(ratioMeets(baselineNever, goal)).toBe(false);
    // at most 0.9×: could be 0.85 (met) or 0.7 (missed)
    expect(ratioMeets({ kind: 'at most', ratio: 0.9 }, goal)).toBeNull();
    expect(ratioMeets({ kind: 'at least', ratio: 0.7 }, goal)).toBeNull();
  });

  it('says why when the sweep cannot tell', () => {
    const neither = capacityRatio({ kind: 'above', rps: 800 }, { kind: 'above', rps: 800 });
    expect(neither).toEqual({ kind: 'unknown', why: 'neither side reached the bar in the sweep: add higher rates' });
    expect(ratioMeets(neither, goal)).toBeNull();
    expect(capacityRatio({ kind: 'below', rps: 1 }, { kind: 'below', rps: 1 })).toMatchObject({ kind: 'unknown' });
  });
});

describe('a sweep of pairs', () => {
  const steps = [
    { rateScale: 0.4, run: step(400, 20, 400, 15), folder: 'step-1-x0.4' },
    { rateScale: 0.6, run: step(590, 80, 600, 30), folder: 'step-2-x0.6' },
    { rateScale: 0.8, run: step(700, 300, 800, 140), folder: 'step-3-x0.8' },
  ];

  it('collects each open operation’s points per side, in step order', () => {
    const ops = sweepOperations(steps, BAR);
    expect(ops.length).toBe(attached().baseline!.operations!.length);
    expect(ops[0].service.map((p) => p.p95)).toEqual([20, 80, 300]);
    expect(ops[0].baseline.map((p) => p.rps)).toEqual([400, 600, 800]);
    expect(sweepOperations(steps, () => undefined)).toEqual([]);
  });

  it('grades each operation once, for SWEEP.md and sweep.json alike', () => {
    const [create] = sweepCapacities(sweepOperations(steps, BAR), { gte: 0.8 });
    expect(create).toMatchObject({ operation: 'create', bar: 100, ratio: { kind: 'value' }, goal: true });
    expect(create.ratio.kind === 'value' && create.ratio.ratio).toBeCloseTo(600 / (600 + (70 / 110) * 200));
  });

  it('is done once every operation is over its bar on both sides', () => {
    expect(sweepDone(sweepOperations(steps.slice(0, 2), BAR))).toBe(false);
    expect(sweepDone(sweepOperations(steps, BAR))).toBe(true);
  });

  it('renders the steps and each operation’s throughput at equal p95, with no empty cell', () => {
    const md = renderSweep(
      'notifications',
      steps,
      BAR,
      { gte: 0.8 },
      'npm run bench -- notifications --sweep 0.4,0.6,0.8',
    );
    expect(md).toContain('## Throughput at equal p95');
    // service: 590 + (20/220) × 110 = 600 req/s; baseline: 600 + (70/110) × 200 = 727 req/s
    expect(md).toMatch(
      /\| create \| POST \/notifications \| 100 ms \| 600 req\/s \(between ×0\.6 and ×0\.8\) \| 727 req\/s \(between ×0\.6 and ×0\.8\) \| 0\.83× \| met \|/,
    );
    expect(md).toContain('| create | 20.0 ms / 15.0 ms | 80.0 ms / 30.0 ms | 300 ms / 140 ms |');
    expect(emptyCells(md)).toEqual([]);
  });
});

describe('a sweep with no open-model operation', () => {
  it('says so instead of grading closed scenarios', () => {
    const closed = [
      { rateScale: 1, run: attached(), folder: 'step-1-x1' },
      { rateScale: 2, run: attached(), folder: 'step-2-x2' },
    ];
    const md = renderSweep('notifications', closed, BAR, { gte: 0.8 }, 'npm run bench -- notifications --sweep 1,2');
    expect(md).toContain('not measured: no open-model operation with a p95 bar');
    expect(emptyCells(md)).toEqual([]);
  });
});

describe('--sweep on the command line', () => {
  const ok = { profile: 'rate', baseline: true, repeat: 1, names: ['notifications'] };

  it('takes rising positive rate scales', () => {
    expect(parseSweep('0.5, 0.6,0.8', ok)).toEqual([0.5, 0.6, 0.8]);
  });

  it('refuses what it cannot run, saying why', () => {
    expect(() => parseSweep('0.6,0.5', ok)).toThrow(/rising order/);
    expect(() => parseSweep('0.5', ok)).toThrow(/two or more/);
    expect(() => parseSweep('0.5,x', ok)).toThrow(/positive rate scales/);
    expect(() => parseSweep('0.5,0.6', { ...ok, profile: 'stress' })).toThrow(/--profile rate/);
    expect(parseSweep('1,2', { ...ok, profile: 'load' })).toEqual([1, 2]);
    expect(() => parseSweep('0.5,0.6', { ...ok, baseline: false })).toThrow(/--baseline/);
    expect(() => parseSweep('0.5,0.6', { ...ok, repeat: 3 })).toThrow(/--repeat/);
    expect(() => parseSweep('0.5,0.6', { ...ok, names: ['a', 'b'] })).toThrow(/one suite/);
  });
});
