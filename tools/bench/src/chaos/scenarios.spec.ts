import { describe, expect, it } from 'vitest';
import { Answer } from './timeline';
import { FaultRecord } from './faults-model';
import { effectPause, faultScenario, recoverySeconds } from './scenarios';

const answer = (at: number, status: number, retryAfter?: string): Answer => ({
  at,
  op: 'create',
  status,
  retryAfter,
  durationMs: 5,
});

// Redis down from t=10 s to t=20 s: answers every second; errors from 12 s to 22 s.
const fault: FaultRecord = { fault: 'redis', startedAt: 10_000, endedAt: 20_000, phaseEnd: 60_000, detail: 'x' };
const answers: Answer[] = [];
for (let t = 0; t < 60; t++) {
  const status = t >= 12 && t < 22 ? (t === 15 ? 500 : t === 16 ? 0 : 503) : 202;
  answers.push(answer(t * 1000, status, status === 503 ? '5' : undefined));
}

describe('recoverySeconds', () => {
  it('is the time from the fault’s end to the first streak of 2xx', () => {
    expect(recoverySeconds(answers, 20_000, 60_000, 10)).toBe(2);
  });
  it('is 0 when the service never stumbled after the fault ended', () => {
    expect(recoverySeconds(answers, 30_000, 60_000, 10)).toBe(0);
  });
  it('is null when no streak came before the next fault', () => {
    expect(recoverySeconds(answers, 20_000, 25_000, 10)).toBeNull();
  });
});

describe('faultScenario', () => {
  const health = [
    { at: 11_000, status: 200, down: [] }, // inside the grace: not judged
    ...[16_000, 17_000, 18_000].map((at) => ({ at, status: 503, down: ['redis'] })),
    { at: 19_000, status: 200, down: [] },
  ];
  const s = faultScenario(fault, answers, health, 10);

  it('counts what clients saw from the start until recovery, by status', () => {
    expect(s.statuses).toEqual({ '0': 1, '202': 2, '500': 1, '503': 8 });
    expect(s.answers).toBe(12);
  });
  it('tells bare 5xx from 503 + Retry-After', () => {
    expect([s.bare5xx, s.honest503]).toEqual([1, 8]);
  });
  it('times the first error from the start and recovery from the end', () => {
    expect(s.firstErrorSeconds).toBe(2);
    expect(s.recoverySeconds).toBe(2);
    expect(s.faultSeconds).toBe(10);
  });
  it('says whether /health said not ready while the dependency was down', () => {
    expect(s.health).toEqual({ samples: 4, ok: 1, down: { redis: 3 }, toldTheTruth: true });
    const lying = faultScenario(fault, answers, [{ at: 16_000, status: 200, down: [] }], 10);
    expect(lying.health.toldTheTruth).toBe(false);
  });
});

describe('effectPause', () => {
  it('says when effects came back after the fault and the longest pause around it', () => {
    // effects every second until 11 s, none while down, back at 25 s
    const times = [...Array.from({ length: 12 }, (_, i) => i * 1000), 25_000, 26_000];
    expect(effectPause(fault, times)).toEqual({ resumedSeconds: 5, longestGapSeconds: 14 });
  });
  it('is null when nothing took effect before the next fault', () => {
    expect(effectPause(fault, [1000]).resumedSeconds).toBeNull();
    expect(effectPause(fault, [1000]).longestGapSeconds).toBe(50);
  });
});
