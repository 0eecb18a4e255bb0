import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { RunData } from './model';
import { failReasons, memoryGrowthPercent, overall, resourceRows, resourceValue, throughputRows } from './grade';
import { renderReport, emptyCells } from './write-report';
import { failCaveats, sharedCpu } from './verdicts';

const recorded = (): RunData =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;
const targets = loadTargets();

/** The recorded profile-read run, as a load run at RATE_SCALE 0.3 (offered 300 req/s) reaching `rps`. */
function loadRunAt(rps: number): RunData {
  const r = recorded();
  r.profile = 'load';
  r.config.rateScale = 0.3;
  const s = r.scripts[0].series;
  s.endpoints = s.endpoints.filter((e) => e.scenario === 'profile');
  s.endpoints[0].count = Math.round(rps * (s.end - s.start));
  return r;
}

describe('throughput against an offered open-model rate', () => {
  it('passes 1 % under the offered rate and fails further under', () => {
    const row = (rps: number) => throughputRows(loadRunAt(rps), targets).find((x) => x.scope === 'scenario:profile')!;
    expect(row(299.8).ok).toBe(true);
    expect(row(296.5).ok).toBe(false);
    expect(row(299.8).target).toContain('offered rate − 1 %');
  });
});

describe('throughput under a profile that offers its own rate', () => {
  it("grades ingestion's soak against the soak's 50 req/s, not the load profile's 1,000", () => {
    const r = recorded();
    r.suite = 'ingestion';
    r.profile = 'soak';
    r.config.rateScale = 1;
    const s = r.scripts[0].series;
    s.endpoints = s.endpoints
      .slice(0, 1)
      .map((e) => ({ ...e, scenario: 'ingest', count: Math.round(50 * (s.end - s.start)) }));
    const row = throughputRows(r, targets).find((x) => x.scope === 'scenario:ingest')!;
    expect(row.ok).toBe(true);
    expect(row.target).toBe('≥ 49.5 req/s (offered rate − 1 %)');
  });
});

describe('memory growth', () => {
  it('is measured after warm-up: a start-up climb is not growth, a steady climb is', () => {
    const startUp = [400, 710, 720, 710, 715, 705, 712, 708, 716, 711];
    expect(Math.abs(memoryGrowthPercent(startUp))).toBeLessThan(1);
    const climbing = [400, 700, 720, 740, 760, 780, 800, 820, 840, 860];
    expect(memoryGrowthPercent(climbing)).toBeCloseTo(((860 - 700) / 700) * 100, 5);
  });
});

describe('cache hit rate', () => {
  it("grades the service's own cache metric only, never the whole Redis server's INFO", () => {
    const r = recorded();
    delete r.prometheus.stats.cache_hit_rate;
    r.redis.hitRate = 0.3;
    const v = resourceValue(r, 'redis_hit_rate');
    expect(v.value).toBeNull();
    expect(v.why).toContain('no read cache');
  });
});

describe('recovery after stress', () => {
  const stressed = (seconds: number | null): RunData => ({
    ...recorded(),
    profile: 'stress',
    recovery: [
      {
        script: 'profile',
        seconds,
        p95BarMs: 150,
        probe: 'GET /health + GET /x, window of 10 probes',
        samples: 40,
        firstWindowP95Ms: 300,
        timeoutSeconds: 90,
      },
    ],
  });
  const graded = (r: RunData) => resourceRows(r, targets).find((x) => x.metric === 'recovery_seconds')!;

  it('grades seconds against 001 §6.2 (≤ 30 s), a non-recovery as the timeout', () => {
    expect(graded(stressed(12.5)).ok).toBe(true);
    expect(graded(stressed(30)).ok).toBe(true);
    expect(graded(stressed(31)).ok).toBe(false);
    expect(graded(stressed(null))).toMatchObject({ value: 90, ok: false });
  });

  it('renders a recovery section with every cell filled', () => {
    const md = renderReport(stressed(4.2), targets, []);
    expect(md).toContain('## Recovery after the load is removed');
    expect(md).toMatch(/\| profile \| 4\.2 s \| 300 ms \| 150 ms \| 40 \| ≤ 30 s \| PASS \|/);
    expect(emptyCells(md)).toEqual([]);
  });
});

describe('a FAIL on a busy machine says so', () => {
  it('calls the CPU shared when the load average at start exceeds 3/4 of the cores', () => {
    const r = recorded();
    r.machine.cores = 2;
    r.machine.loadAvg = [1.9, 1, 1];
    expect(sharedCpu(r).shared).toBe(true);
    expect(failCaveats(r).join()).toMatch(/shared CPU: 1-min load average 1\.90 at start on 2 cores/);
    r.machine.loadAvg = [0.4, 1, 1];
    r.config.loadAvgEnd = [2.5, 1, 1]; // k6 + the service themselves
    expect(sharedCpu(r).shared).toBe(false);
  });
});

describe('quiet is judged by CPU idle before the start', () => {
  it('calls a machine quiet when /proc/stat says idle, whatever the load average', () => {
    const r = recorded();
    r.machine.loadAvg = [5.1, 3, 2];
    r.machine.idleBefore = { seconds: 5, idle: 0.98, busyCores: 0.04 };
    expect(sharedCpu(r)).toEqual({
      shared: false,
      reason: 'CPU 98 % idle over the 5 s before the start (0.04 of 2 cores busy; /proc/stat)',
    });
  });

  it('calls it shared when other work kept the CPU busy before the start', () => {
    const r = recorded();
    r.machine.loadAvg = [0.2, 0.2, 0.2];
    r.machine.idleBefore = { seconds: 5, idle: 0.4, busyCores: 1.2 };
    expect(sharedCpu(r).shared).toBe(true);
    expect(failCaveats(r).join()).toMatch(/shared CPU: CPU 40 % idle .*: other work was running/);
  });
});

describe('the verdict names every reason a run fails', () => {
  it('a run whose k6 rows all pass but whose Locust missed its bars FAILs and says Locust, not "0 targets"', () => {
    const r = recorded();
    const before = failReasons(r, targets);
    r.locust = { markdown: '## Locust', pass: false };
    expect(overall(r, targets)).toBe(false);
    expect(failReasons(r, targets)).toEqual([...before, 'Locust missed its bars (see the Locust section)']);
    expect(renderReport(r, targets, [])).toContain('Locust missed its bars');
  });
});

describe("a soak's memory growth, graded after the CPU profile's window", () => {
  /** An hour of RSS every 5 s: ~410–640 MB while the profiler runs (its first 300 s + warm-up), then flat from 568 to 574 MB. */
  function soak(profiled: boolean): RunData {
    const r = recorded();
    r.profile = 'soak';
    r.scripts[0].series.warmupSeconds = 10;
    const points: [number, number][] = [];
    for (let t = 0; t <= 3600; t += 5) {
      const mb = t < 340 ? 410 + ((t * 7) % 230) : 568 + (6 * (t - 340)) / 3260;
      points.push([1_000_000 + t, mb * 1024 * 1024]);
    }
    r.prometheus.stats.memory_bytes = { ...r.prometheus.stats.memory_bytes, points } as never;
    r.cpuProfile = profiled
      ? ({ intervalUs: 1000, profiles: 2, workers: 2, windowSeconds: 600, cpuMs: 1, idleMs: 1, top: [] } as never)
      : { notMeasured: 'profiling off' };
    return r;
  }

  it('leaves out the profiled minutes and says so', () => {
    const v = resourceValue(soak(true), 'memory_growth_percent');
    expect(v.value!).toBeGreaterThan(0);
    expect(v.value!).toBeLessThan(2);
    expect(v.note).toBe("from 340 s on, after the CPU profile's window");
  });

  it('grades the whole run when nothing was profiled', () => {
    const run = soak(false);
    const v = resourceValue(run, 'memory_growth_percent');
    expect(v.note).toBeUndefined();
    expect(v.value).toBe(memoryGrowthPercent(run.prometheus.stats.memory_bytes.points!.map((x) => x[1])));
  });
});
