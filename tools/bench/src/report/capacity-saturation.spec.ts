import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { levelResult } from '../levels';
import { tableRow } from '../testing/table-row';
import { LevelResult, RunData } from './model';
import { firstSaturation, reportFacts } from './facts';
import { capacity } from './render/judgements';
import { machineCores } from './verdicts';

// Issue 14: the levels report names the first resource to saturate, with its numbers, and shows
// each level's Kafka lag and cache hit rate against targets.json. Levels built from recorded runs.
const fx = (f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8')) as RunData;
const targets = loadTargets();

/** The recorded ingestion load run (profiled: service, k6, Postgres, Kafka, Redis CPU) as a level. */
function ingestionLevel(scaleMachine = 1): RunData {
  const run = { ...fx('ingestion-load.service.run.json'), profile: 'levels' };
  const p = run.cpuProfile;
  if (p?.machine)
    p.machine = p.machine.map((g) => ({
      ...g,
      avgPercent: g.avgPercent === null ? null : g.avgPercent * scaleMachine,
    }));
  return run;
}

/** The same run with the generator keeping up (no dropped iterations): the cores are what binds. */
function machineBound(scaleMachine: number): RunData {
  const run = ingestionLevel(scaleMachine);
  run.scripts.forEach((s) => ((s.droppedIterations = 0), (s.series.droppedAfterWarmup = 0)));
  return run;
}

const notificationsLevel = () => ({ ...fx('notifications-smoke.service.run.json'), profile: 'levels' });

describe('the machine’s cores as a resource', () => {
  it('sums the profiled groups’ average CPU against all the cores', () => {
    const cores = machineCores(ingestionLevel())!;
    expect(cores.component).toBe("The machine's 2 cores");
    // 80.3 + 55.3 + 47.9 + 3.5 + 0.1 = 187.2 % of one core, of 200 %, 90 % of which is saturated
    expect(cores.utilisation).toBeCloseTo(187.21 / 180, 3);
    expect(cores.evidence).toMatch(
      /^service \(all workers\) 80 % \+ Postgres \(all backends\) 55 % \+ k6 48 % \+ Kafka 4 % \+ Redis 0 % = 187 % of one core/,
    );
  });

  it('is absent when the run was not profiled', () => {
    expect(machineCores(fx('notifications-smoke.service.run.json'))).toBeNull();
    expect(machineCores(fx('ingestion-load.baseline.run.json'))).toBeNull();
  });
});

describe('Kafka lag and cache hit per level, graded against targets.json', () => {
  it('records the notifications bars (lag < 1000, hit > 70 %) with the level’s values', () => {
    const l = levelResult(1, 5, notificationsLevel(), targets);
    expect(l.bars).toEqual({
      kafka_lag: { shown: '2', target: '< 1000', ok: true },
      redis_hit_rate: { shown: '32.5 %', target: '> 70.0 %', ok: false },
    });
    expect(l.failures).toContain('resources redis_hit_rate 32.5 % (target > 70.0 %)');
  });

  it('prints them beside the value in the levels table', () => {
    const levels = [levelResult(1, 5, notificationsLevel(), targets)];
    const md = capacity(reportFacts({ ...notificationsLevel(), levels }, targets));
    const head = tableRow(md, 'Level');
    const row = tableRow(md, '1');
    expect(row[head.indexOf('Kafka lag max')]).toBe('2 (< 1000: PASS)');
    expect(row[head.indexOf('Cache hit')]).toBe('32.54 % (> 70.0 %: FAIL)');
  });

  it('shows the value alone for a suite with no such bar', () => {
    const t = loadTargets();
    for (const bars of [t.suites.notifications.resources, ...Object.values(t.resources.levels)]) {
      delete bars?.kafka_lag;
      delete bars?.redis_hit_rate;
    }
    const levels = [levelResult(1, 5, notificationsLevel(), t)];
    expect(levels[0].bars).toEqual({});
    const md = capacity(reportFacts({ ...notificationsLevel(), levels }, t));
    const head = tableRow(md, 'Level');
    expect(tableRow(md, '1')[head.indexOf('Kafka lag max')]).toBe('2');
  });
});

describe('the first resource to saturate', () => {
  it('names the first level where a hard limit was reached, with its evidence, its trend and the runners-up', () => {
    const levels: LevelResult[] = [
      levelResult(1, 5, machineBound(0.5), targets),
      levelResult(2, 25, machineBound(1), targets),
      levelResult(3, 50, machineBound(1.2), targets),
    ];
    // 002's CPU bar (< 80 %) is per event loop: the 2 workers' 88.87 % summed is 44.44 % each (this run
    // predates per-loop CPU, so the mean per loop) — the bar is met, and the sum does not fail the level
    expect(levels[0].cpuPercentMax).toBeCloseTo(88.87232 / 2, 4);
    expect(levels[0].cpuTotalPercentMax).toBeCloseTo(88.87232, 4);
    expect(levels[0].failures.filter((f) => f.includes('cpu_percent'))).toEqual([]);
    expect(levels[0].saturation!.find((b) => b.component === 'Service CPU (busiest event loop)')).toMatchObject({
      evidence: expect.stringMatching(/^cpu_percent max 44\.44 % \(mean per loop: all 2 loops 88\.87 % ÷ 2, /),
    });
    const first = firstSaturation(levels)!;
    expect(first).toMatchObject({ reached: true, generator: false });
    expect(first.level.level).toBe(2);
    expect(first.resource.component).toBe("The machine's 2 cores");
    const md = capacity(reportFacts({ ...machineBound(1), levels }, targets));
    expect(tableRow(md, 'First resource to saturate')[1]).toMatch(
      /^The machine's 2 cores at level 2 \(25 VUs, \d+ req\/s\): 104 % of its limit \(service \(all workers\) 80 % \+ Postgres \(all backends\) 55 % \+ k6 48 % .*\); by level: 1: 52 %, 2: 104 %, 3: 125 %; next at level 2: Node event loops \(2 cluster workers, one core each\) 44 %, Event loop 33 %$/,
    );
    const head = tableRow(md, 'Level');
    expect(tableRow(md, '2')[head.indexOf('Nearest its limit (cores, event loops, k6)')]).toBe(
      "The machine's 2 cores 104 %",
    );
  });

  it('says so when the load generator saturated first', () => {
    const gen = machineBound(0.5);
    gen.scripts[0].generatorCpu.p95Percent = 95;
    const levels = [levelResult(1, 5, machineBound(0.5), targets), levelResult(2, 25, gen, targets)];
    const first = firstSaturation(levels)!;
    expect(first).toMatchObject({ reached: true, generator: true });
    const md = capacity(reportFacts({ ...gen, levels }, targets));
    expect(tableRow(md, 'First resource to saturate')[1]).toMatch(
      /^the load generator, at level 2 \(25 VUs, .*\): ingestion-load: k6 used 95 % of a core \(p95\).*The service's own limit was not reached/,
    );
  });

  it('names the closest one (at the last level) when nothing reached its limit', () => {
    const levels = [levelResult(1, 5, machineBound(0.3), targets), levelResult(2, 25, machineBound(0.5), targets)];
    const md = capacity(reportFacts({ ...machineBound(0.5), levels }, targets));
    expect(tableRow(md, 'First resource to saturate')[1]).toMatch(
      /^none reached its limit by level 2 \(25 VUs, .*\); closest: The machine's 2 cores at 52 % of its limit \(service \(all workers\) 40 % .*\); by level: 1: 31 %, 2: 52 %; next at level 2: /,
    );
  });

  it('says why for levels recorded before resources were ranked', () => {
    const { saturation: _, ...old } = levelResult(1, 5, notificationsLevel(), targets);
    const md = capacity(reportFacts({ ...notificationsLevel(), levels: [old] }, targets));
    expect(tableRow(md, 'First resource to saturate')[1]).toBe(
      'not measured: no CPU, event-loop or generator figures at any level',
    );
    const head = tableRow(md, 'Level');
    expect(tableRow(md, '1')[head.indexOf('Nearest its limit (cores, event loops, k6)')]).toBe(
      'not measured: recorded before levels ranked their resources',
    );
  });
});
