import { describe, expect, it } from 'vitest';
import { recoverySeconds, ProbeSample } from './recovery';

const probes = (from: number, spec: [number, boolean][]): ProbeSample[] =>
  spec.map(([ms, ok], i) => ({ t: from + i, ok, ms }));

describe('recoverySeconds', () => {
  it('is the time from load removed to the first healthy window under the bar', () => {
    // load ends at 1000; probes each second from 1001: slow, failing, then fast
    const s = probes(1001, [
      [900, true],
      [20, false],
      [400, true],
      [30, true],
      [20, true],
      [25, true],
      [10, true],
    ]);
    // window 1003..1006 still holds the 400 ms probe (p95 of 4 ≈ max); 1004..1007 is clean
    expect(recoverySeconds(s, 1000, 150, 4)).toBe(4);
  });

  it('is 0 when the service answered fast from the first probe', () => {
    expect(
      recoverySeconds(
        probes(1000.2, [
          [5, true],
          [6, true],
          [4, true],
        ]),
        1000,
        150,
        3,
      ),
    ).toBeCloseTo(0.2, 6);
  });

  it('is null when it never got back under the bar or kept failing', () => {
    expect(
      recoverySeconds(
        probes(1001, [
          [200, true],
          [180, true],
          [160, true],
          [170, true],
        ]),
        1000,
        150,
        2,
      ),
    ).toBeNull();
    expect(
      recoverySeconds(
        probes(1001, [
          [5, false],
          [5, true],
          [5, false],
          [5, true],
        ]),
        1000,
        150,
        2,
      ),
    ).toBeNull();
  });

  it('grades on the window p95, so one slow probe among fast ones does not hold it back', () => {
    const fast = Array.from({ length: 19 }, () => [5, true] as [number, boolean]);
    expect(recoverySeconds(probes(1001, [[400, true], ...fast]), 1000, 150, 20)).toBe(1);
  });
});
