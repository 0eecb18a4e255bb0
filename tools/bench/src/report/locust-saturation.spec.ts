import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunData } from './model';
import { generatorSaturation } from './verdicts';

const fixture = () =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;
const locustCpu = (busiest: number, processes = 1) => ({
  markdown: '',
  pass: true,
  generatorCpu: {
    samples: 30,
    avgPercent: busiest * 0.8,
    maxPercent: busiest,
    p95Percent: busiest * processes,
    maxRssBytes: null,
    busiestP95Percent: busiest,
    processes,
  },
});

describe('generator saturation, Locust included', () => {
  it('shows Locust’s CPU beside k6’s and calls a Locust process at a full core the limit', () => {
    const run = fixture();
    run.locust = locustCpu(21);
    const calm = generatorSaturation(run);
    expect(calm.evidence).toContain(
      'Locust: CPU avg 17 % / p95 21 % over 1 process, busiest process p95 21 % of one core (30 samples)',
    );
    expect(calm.reasons.some((r) => r.startsWith('Locust'))).toBe(false);
    // Two processes (master + worker) at 60 % each: 120 % in all, but no single process is the limit.
    run.locust = locustCpu(60, 2);
    expect(generatorSaturation(run).reasons.some((r) => r.startsWith('Locust'))).toBe(false);
    run.locust = locustCpu(98);
    const hot = generatorSaturation(run);
    expect(hot.saturated).toBe(true);
    expect(hot.reasons).toContain(
      'Locust: a process used 98 % of a core (p95; one Python process cannot use more) — the generator may have set the pace',
    );
  });
});
