import { describe, expect, it } from 'vitest';
import { RestartGuard } from './restart-guard';
import { resolveWorkerCount } from './worker-count';

const noJitter = () => 0.5;

describe('RestartGuard', () => {
  it('restarts with a delay that doubles per recent death, up to a cap', () => {
    const guard = new RestartGuard({
      maxDeaths: 10,
      baseDelayMs: 100,
      maxDelayMs: 500,
      windowMs: 60_000,
      random: noJitter,
    });
    const delays = [0, 1, 2, 3, 4].map((i) => guard.recordDeath(1_000 + i));
    expect(delays.map((d) => (d.action === 'restart' ? d.delayMs : -1))).toEqual([100, 200, 400, 500, 500]);
  });

  it('jitters the delay within ±20 %, so workers that died together restart apart', () => {
    const early = new RestartGuard({ baseDelayMs: 100, random: () => 0 });
    const late = new RestartGuard({ baseDelayMs: 100, random: () => 1 });
    expect(early.recordDeath(0)).toMatchObject({ delayMs: 80 });
    expect(late.recordDeath(0)).toMatchObject({ delayMs: 120 });
  });

  it('gives up when workers die maxDeaths times within the window', () => {
    const guard = new RestartGuard({ maxDeaths: 3, windowMs: 10_000 });
    expect(guard.recordDeath(0).action).toBe('restart');
    expect(guard.recordDeath(1_000).action).toBe('restart');
    expect(guard.recordDeath(2_000)).toEqual({
      action: 'give-up',
      recentDeaths: 3,
      windowMs: 10_000,
    });
  });

  it('forgets deaths older than the window, so occasional crashes never add up', () => {
    const guard = new RestartGuard({
      maxDeaths: 3,
      windowMs: 10_000,
      baseDelayMs: 100,
      random: noJitter,
    });
    guard.recordDeath(0);
    guard.recordDeath(5_000);
    expect(guard.recordDeath(20_000)).toEqual({
      action: 'restart',
      delayMs: 100,
      recentDeaths: 1,
    });
  });
});

describe('resolveWorkerCount', () => {
  it('uses the core count for 0 or unset', () => {
    expect(resolveWorkerCount(0, 4)).toBe(4);
    expect(resolveWorkerCount(undefined, 2)).toBe(2);
  });

  it('uses the requested count otherwise', () => {
    expect(resolveWorkerCount(1, 8)).toBe(1);
    expect(resolveWorkerCount(3, 8)).toBe(3);
  });
});
