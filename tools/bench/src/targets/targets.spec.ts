import { describe, expect, it } from 'vitest';
import { describeBound, loadTargets, meets, resourceTargets, targetsFor } from './targets';

const t = loadTargets();

describe('targets.json', () => {
  it('has every suite of the spec table with a port and a source per scenario', () => {
    expect(Object.keys(t.suites).sort()).toEqual([
      'auth',
      'chat',
      'ingestion',
      'notifications',
      'recommendations',
      'reporting',
    ]);
    for (const s of Object.values(t.suites))
      for (const sc of Object.values(s.scenarios)) expect(sc.source).toBeTruthy();
  });

  it('layers 004 defaults, the scenario, then the profile override', () => {
    expect(targetsFor(t, 'notifications', 'create', 'smoke')).toMatchObject({
      latency_ms: { p95: 100, p99: 500 },
      error_rate: { lte: 0 },
    });
    expect(targetsFor(t, 'auth', 'register', 'load')).toMatchObject({
      latency_ms: { p50: 200, p95: 500, 'p99.9': 2000 },
      error_rate: { lt: 0.01 },
    });
    expect(targetsFor(t, 'ingestion', 'visible', 'load').latency_ms).toEqual({ p95: 5000 });
  });

  it("layers a scenario's own profile override: the notifications mix's open-model shares", () => {
    const shares = ['create', 'read', 'list', 'unread_count', 'mark_read'].map(
      (op) => targetsFor(t, 'notifications', op, 'rate').rate_rps!,
    );
    expect(shares).toEqual([300, 250, 200, 150, 100]);
    expect(targetsFor(t, 'notifications', 'create', 'rate')).toMatchObject({
      latency_ms: { p95: 100, p99: 500 },
      throughput_rps: { gte: 300 },
    });
    expect(targetsFor(t, 'notifications', 'create', 'rate')).not.toHaveProperty('profiles');
    // Other profiles keep the closed model.
    expect(targetsFor(t, 'notifications', 'create', 'load').rate_rps).toBeUndefined();
  });

  it('applies the 002 resource bars to notifications and 004 bars elsewhere', () => {
    expect(resourceTargets(t, 'notifications', 'load').kafka_lag).toEqual({ lt: 1000 });
    expect(resourceTargets(t, 'auth', 'stress').cpu_percent).toEqual({ lt: 90 });
  });
});

describe('meets', () => {
  it('grades each operator on both sides of the bar', () => {
    expect([meets(99, 100), meets(100, 100)]).toEqual([true, false]);
    expect([meets(100, { lte: 100 }), meets(100.1, { lte: 100 })]).toEqual([true, false]);
    expect([meets(0.71, { gt: 0.7 }), meets(0.7, { gt: 0.7 })]).toEqual([true, false]);
    expect([meets(1, { gte: 1 }), meets(0.99, { gte: 1 })]).toEqual([true, false]);
    expect(describeBound({ gte: 130 })).toBe('≥ 130');
  });
});
