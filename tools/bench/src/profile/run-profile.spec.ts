import { describe, expect, it } from 'vitest';
import { baselineSuite, serviceSuite } from '../suites';
import { loadTargets } from '../targets/targets';
import { cpuProfileFor, PROFILE_OFF_WHY } from './run-profile';
import { emptyTree } from './cpuprofile';
import { profilingOf, summarise } from './summary';

// The `--cpu-profile` plan says per half whether it is profiled and why not; the run records
// it as cpuProfile, and the report reads it back with profilingOf.
const targets = loadTargets();

describe('the --cpu-profile plan', () => {
  it('profiles a service started from a checkout with the hook, at the interval it passes the hook', () => {
    const plan = cpuProfileFor(serviceSuite('notifications', targets), '/tmp/run');
    expect(plan.profiling).toEqual({ profiled: true, intervalUs: 1000 });
    expect(plan.env).toEqual({ CPU_PROFILE_DIR: '/tmp/run/cpu-profiles', CPU_PROFILE_INTERVAL_US: '1000' });
  });

  it('profiles a bare baseline alike, its primary too (it runs the delivery)', () => {
    const plan = cpuProfileFor(baselineSuite('notifications', targets), '/tmp/run');
    expect(plan.profiling).toEqual({ profiled: true, intervalUs: 1000 });
    expect(plan.env).toEqual({ CPU_PROFILE_DIR: '/tmp/run/cpu-profiles', CPU_PROFILE_INTERVAL_US: '1000' });
    expect(plan.primaries).toBe(true);
    expect(cpuProfileFor(serviceSuite('notifications', targets), '/tmp/run').primaries).toBeUndefined();
  });

  it('says why a half is not profiled, and gives it no hook env', () => {
    const off = cpuProfileFor(serviceSuite('notifications', targets), '/tmp/run', false);
    expect(off).toEqual({ profiling: { profiled: false, why: PROFILE_OFF_WHY } });
    const bareOff = cpuProfileFor(baselineSuite('notifications', targets), '/tmp/run', false);
    expect(bareOff).toEqual({
      profiling: { profiled: false, why: 'off (--cpu-profile off), as for its service half' },
    });
    // A checkout whose baselines predate the hook (compare runs old refs): SIGUSR2 would end them.
    const old = cpuProfileFor({ ...baselineSuite('notifications', targets), root: '/nonexistent' }, '/tmp/run');
    expect(old).toEqual({
      profiling: { profiled: false, why: 'bare baselines are not profiled (they have no hook)' },
    });
  });

  it('reads back from what the run recorded', () => {
    expect(profilingOf({ notMeasured: PROFILE_OFF_WHY, machine: [] })).toEqual({
      profiled: false,
      why: PROFILE_OFF_WHY,
    });
    const summary = summarise([], emptyTree(), 500, []);
    expect(profilingOf(summary)).toEqual({ profiled: true, intervalUs: 500 });
    const none = { ...summary, notMeasured: 'no worker wrote a profile (window shorter than the warm-up?)' };
    expect(profilingOf(none)).toEqual({ profiled: false, why: none.notMeasured });
  });
});
