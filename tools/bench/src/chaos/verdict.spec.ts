import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { chaosTargets } from './config';
import { LedgerRow } from './ledger';
import { FaultScenario } from './scenarios';
import { parseTimeline } from './timeline';
import { judge } from './verdict';

const bars = chaosTargets(loadTargets()).bars;
const clean: LedgerRow = {
  phase: 'whole run',
  accepted: 100,
  stored: 100,
  effected: 100,
  lost: 0,
  notEffected: 0,
  duplicates: 0,
  failedByOutage: 0,
  failedOther: 0,
  e2e: null,
};
const scenario = (recoverySeconds: number | null): FaultScenario => ({
  fault: 'kafka',
  detail: '',
  faultSeconds: 10,
  answers: 0,
  statuses: {},
  bare5xx: 0,
  honest503: 0,
  firstErrorSeconds: null,
  recoverySeconds,
  health: { samples: 0, ok: 0, down: {}, toldTheTruth: null },
});
const honest = parseTimeline('chaos 1 create 503 5 1 - -');
const passes = (row: LedgerRow, s = [scenario(3)], answers = honest) =>
  judge(bars, row, s, answers).every((j) => j.pass);

describe('judge (the chaos verdict)', () => {
  it('passes a clean ledger, an honest 503 and a recovery within 30 s', () => {
    expect(passes(clean)).toBe(true);
  });
  it('fails on a lost, never effected, duplicated or outage-failed write', () => {
    expect(passes({ ...clean, lost: 1 })).toBe(false);
    expect(passes({ ...clean, notEffected: 1 })).toBe(false);
    expect(passes({ ...clean, duplicates: 1 })).toBe(false);
    expect(passes({ ...clean, failedByOutage: 1 })).toBe(false);
  });
  it('fails on a bare 5xx anywhere in the run', () => {
    expect(passes(clean, [scenario(3)], parseTimeline('chaos 1 create 503 - 1 - -'))).toBe(false);
    expect(passes(clean, [scenario(3)], parseTimeline('chaos 1 create 500 5 1 - -'))).toBe(false);
  });
  it('fails when a fault took longer than 30 s to recover from, or never did', () => {
    expect(passes(clean, [scenario(30)])).toBe(true);
    expect(passes(clean, [scenario(30.1)])).toBe(false);
    expect(passes(clean, [scenario(null)])).toBe(false);
  });
  it('fails a run that accepted nothing (it proved nothing)', () => {
    expect(passes({ ...clean, accepted: 0, stored: 0, effected: 0 })).toBe(false);
  });
});
