import { describe, expect, it } from 'vitest';
import type { TargetsFile } from '../targets/targets';
import { locustBarsFor, locustSection } from './locust-report';
import type { LocustRun } from './run-locust';

const targets = {
  profile_level: { load: 'normal', smoke: 'smoke' },
  defaults: { source: '', levels: { normal: {}, smoke: {} } },
  resources: { source: '', levels: {} },
  suites: {
    reco: {
      port: 3000,
      app: 'apps/reco',
      scenarios: {
        behavior: { locust_name: 'POST /api/user-behavior', latency_ms: { p95: { lte: 15 } }, error_rate: { lte: 0 } },
      },
      total: { throughput_rps: { gte: 130 } },
    },
  },
} as unknown as TargetsFile;

const row = (name: string, method: string, p95: number, rps: number, failures = 0) => ({
  method,
  name,
  requests: 100,
  failures,
  medianMs: 4,
  avgMs: 5,
  p95Ms: p95,
  p99Ms: 20,
  maxMs: 30,
  rps,
});

const run = (rows: ReturnType<typeof row>[]): LocustRun => ({
  exitCode: 0,
  rows,
  statsFile: '/x/locust_stats.csv',
  startedAt: 0,
  endedAt: 300,
});

describe('the Locust report section', () => {
  it('grades a request by its scenario, whether or not Locust put the method in the name', () => {
    const bars = locustBarsFor(targets, 'reco', 'load');
    for (const [name, method] of [
      ['POST /api/user-behavior', 'POST'],
      ['/api/user-behavior', 'POST'],
    ]) {
      const { markdown, pass } = locustSection(run([row(name, method, 20, 100), row('Aggregated', '', 20, 140)]), bars);
      expect(pass).toBe(false);
      expect(markdown).toContain('| POST /api/user-behavior | 100 |');
      expect(markdown).toContain('FAIL: p95 20 ms, bar ≤ 15');
    }
  });

  it('grades the total only on profiles that offer the document load', () => {
    const low = run([row('POST /api/user-behavior', 'POST', 10, 1), row('Aggregated', '', 10, 1)]);
    expect(locustSection(low, locustBarsFor(targets, 'reco', 'load')).pass).toBe(false);
    const smoke = locustSection(low, locustBarsFor(targets, 'reco', 'smoke'));
    expect(smoke.pass).toBe(true);
    expect(smoke.markdown).toContain('not graded: the smoke profile');
  });

  it('says so when Locust did not run', () => {
    const result = locustSection(
      { ...run([]), error: 'no Locust at /x/locust' },
      locustBarsFor(targets, 'reco', 'load'),
    );
    expect(result).toEqual({ markdown: expect.stringContaining('Did not run: no Locust at /x/locust.'), pass: false });
  });
});
