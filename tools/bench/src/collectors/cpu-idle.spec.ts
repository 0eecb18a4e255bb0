import { describe, expect, it } from 'vitest';
import { idleBetween, measureCpuIdle, readCpuTimes } from './cpu-idle';

const stat = (user: number, idle: number, iowait: number) =>
  `cpu  ${user} 0 100 ${idle} ${iowait} 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2\n`;

describe('CPU idle from /proc/stat', () => {
  it('counts idle and iowait as idle, over all eight time fields', () => {
    expect(readCpuTimes(stat(500, 1000, 50))).toEqual([1050, 1650]);
  });

  it('gives the idle share and the busy cores between two readings', () => {
    const a = readCpuTimes(stat(500, 1000, 0));
    const b = readCpuTimes(stat(550, 1950, 0)); // 50 busy, 950 idle of 1000 jiffies
    expect(idleBetween(a, b, 5, 2)).toEqual({ seconds: 5, idle: 0.95, busyCores: expect.closeTo(0.1, 9) as number });
  });

  it('reads this machine', async () => {
    const m = await measureCpuIdle(0.3, 2);
    expect(m.idle).toBeGreaterThanOrEqual(0);
    expect(m.idle).toBeLessThanOrEqual(1);
    expect(m.busyCores).toBeCloseTo((1 - m.idle) * 2, 9);
  });
});
