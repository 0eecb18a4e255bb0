import { describe, expect, it } from 'vitest';
import { cpuIdlePercent, measureSet } from './measure';
import { AUTH_DEFAULT_ARGON2, authParamsFrom, OWASP_ARGON2ID_SETS } from './parameter-sets';

describe('argon2 cost measurement', () => {
  it('measures CPU per hash and derives per-core and machine ceilings from it', async () => {
    // A tiny cost, so the test is quick; the arithmetic is what is checked.
    const cost = await measureSet(
      { name: 'tiny', memoryKib: 1_024, iterations: 1, parallelism: 1 },
      { hashes: 3, cores: 2, seconds: 0.2 },
    );
    expect(cost.cpuMsPerHash).toBeGreaterThan(0);
    expect(cost.hashesPerSecondPerCore).toBeCloseTo(1_000 / cost.cpuMsPerHash);
    expect(cost.ceilingHashesPerSecond).toBeCloseTo(cost.hashesPerSecondPerCore * 2);
    expect(cost.measuredHashesPerSecond).toBeGreaterThan(0);
    expect(cost).toMatchObject({ name: 'tiny', hashes: 3, memoryKib: 1_024 });
  });

  it('lists the OWASP-equivalent sets, auth’s default among them', () => {
    expect(OWASP_ARGON2ID_SETS.map((s) => [s.memoryKib / 1_024, s.iterations])).toEqual([
      [46, 1],
      [19, 2],
      [12, 3],
      [9, 4],
      [7, 5],
    ]);
    expect(OWASP_ARGON2ID_SETS.some((s) => s.memoryKib === AUTH_DEFAULT_ARGON2.memoryKib)).toBe(true);
  });

  it('reads the service’s parameters from its env, falling back to auth’s defaults', () => {
    expect(authParamsFrom(undefined)).toEqual(AUTH_DEFAULT_ARGON2);
    expect(authParamsFrom({ ARGON2_MEMORY_KIB: '12288', ARGON2_ITERATIONS: '3', ARGON2_PARALLELISM: 'x' })).toEqual({
      memoryKib: 12_288,
      iterations: 3,
      parallelism: 1,
    });
  });

  it('reads CPU idle as a percentage', async () => {
    const idle = await cpuIdlePercent(100);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(100);
  });
});
