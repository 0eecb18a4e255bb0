import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeriesAggregator } from '../k6/series-aggregator';
import { percentile } from '../k6/stats';
import { levelResult, walkLevels } from '../levels';
import { loadTargets } from '../targets/targets';
import { overall, thresholdRows } from './grade';
import { reportFacts } from './facts';
import { capacity } from './render/judgements';
import { renderReport, emptyCells } from './write-report';
import type { LevelResult, RunData } from './model';

// Recorded: the auth profile-read smoke (its run.json and the head of its k6 CSV, one second of
// GET /users/:id). Here that second is played twice: as a cold warm-up second with slow
// requests added, then 10 s later as the measured window.

const fixtures = join(__dirname, 'fixtures');
const recordedRun = (): RunData =>
  JSON.parse(readFileSync(join(fixtures, 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;
const csv = readFileSync(join(fixtures, 'auth.k6.series-head.csv'), 'utf8');
const [header, ...rows] = csv.trimEnd().split('\n');
const targets = loadTargets();
const P95_BAR = 500; // the smoke profile's p(95)<500 on {scenario:profile}, as the fixture's k6 declared it

/** The recorded rows moved `dt` seconds on, with every load request's duration set by `slow`. */
function shifted(dt: number, slow: (i: number) => number | null = () => null): string[] {
  let i = 0;
  return rows.map((line) => {
    const f = line.split(',');
    f[1] = String(Number(f[1]) + dt);
    if (f[0] === 'http_req_duration' && f[9]) {
      const v = slow(i++);
      if (v !== null) f[2] = v.toFixed(6);
    }
    return f.join(',');
  });
}

const coldSecond = () => shifted(0, (i) => (i % 5 === 0 ? 900 : null)); // 1 in 5 cold requests at 900 ms
const loadDurations = (lines: string[]) =>
  lines.filter((l) => l.startsWith('http_req_duration,') && l.split(',')[9]).map((l) => Number(l.split(',')[2]));

/**
 * A run as the bench records it: the series folded with the warm-up, and k6's own threshold
 * verdicts computed the way k6 does, over every load request including the warm-up.
 */
function runOf(lines: string[], warmupSeconds: number): RunData {
  const run = recordedRun();
  const agg = new SeriesAggregator('auth.k6', 5, warmupSeconds);
  agg.feed([header, ...lines].join('\n') + '\n');
  const s = run.scripts[0];
  s.series = agg.finish();
  const all = Float64Array.from(loadDurations(lines)).sort();
  const p95 = percentile(all, 0.95);
  s.thresholds = s.thresholds.map((t) =>
    t.metric === 'http_req_duration{scenario:profile}' && t.expression === `p(95)<${P95_BAR}`
      ? { ...t, actual: p95, ok: p95 < P95_BAR }
      : t,
  );
  s.exitCode = s.thresholds.every((t) => t.ok) ? 0 : 99;
  run.config.warmupSeconds = warmupSeconds || undefined;
  return run;
}

const p95Row = (run: RunData) =>
  thresholdRows(run).find((r) => r.metric === 'http_req_duration' && r.target === `p(95)<${P95_BAR}`)!;

describe('thresholds graded on the post-warm-up window', () => {
  it('folds the thresholded metrics over the same window as the tables', () => {
    const run = runOf([...coldSecond(), ...shifted(10)], 10);
    const s = run.scripts[0].series;
    const w = s.windowed!['http_req_duration{scenario:profile}'];
    expect(w).toMatchObject({
      kind: 'trend',
      count: s.endpoints[0].count,
      p95: s.endpoints[0].p95,
      max: s.endpoints[0].max,
    });
    expect(s.windowed!['http_req_failed{scenario:profile}']).toMatchObject({ kind: 'rate', rate: 0 });
    expect(s.windowed!['checks{scenario:profile}']).toMatchObject({ kind: 'rate', rate: 1 });
  });

  it('grades PASS when k6 failed only on warm-up samples, and shows k6’s verdict beside it', () => {
    const run = runOf([...coldSecond(), ...shifted(10)], 10);
    expect(run.scripts[0].thresholds.find((t) => t.expression === `p(95)<${P95_BAR}`)).toMatchObject({ ok: false });
    expect(run.scripts[0].exitCode).toBe(99);
    const row = p95Row(run);
    expect(row.ok).toBe(true);
    expect(row.value).toBe(run.scripts[0].series.endpoints[0].p95);
    expect(row.k6).toMatch(/^900 FAIL$/);
    expect(overall(run, targets)).toBe(true);
    const md = renderReport(run, targets, []);
    expect(md).toContain('| Scope | Metric | Value | Target | Status | k6 incl. warm-up |');
    expect(md).toMatch(/\| scenario:profile \| http_req_duration \| [\d.]+ \| p\(95\)<500 \| PASS \| 900 FAIL \|/);
    expect(md).toContain('after the first 10 s warm-up of each script');
    expect(emptyCells(md)).toEqual([]);
  });

  it('still FAILs when the bar is missed after the warm-up', () => {
    const run = runOf([...coldSecond(), ...shifted(10, (i) => (i % 5 === 0 ? 900 : null))], 10);
    expect(p95Row(run)).toMatchObject({ ok: false, value: 900 });
    expect(overall(run, targets)).toBe(false);
  });

  it('changes nothing without --warmup: k6’s verdict is the grade, its exit code counts', () => {
    const run = runOf([...coldSecond(), ...shifted(10)], 0);
    expect(run.scripts[0].series.windowed).toBeUndefined();
    expect(p95Row(run)).toMatchObject({ ok: false, value: 900 });
    expect(p95Row(run).k6).toBeUndefined();
    expect(overall(run, targets)).toBe(false);
    expect(renderReport(run, targets, [])).not.toContain('k6 incl. warm-up');
  });

  it('keeps k6’s verdict, saying so, for a threshold the window cannot grade', () => {
    const run = runOf([...coldSecond(), ...shifted(10)], 10);
    run.scripts[0].thresholds.push({ metric: 'http_reqs', expression: 'count>100000', ok: false, actual: 170 });
    const row = thresholdRows(run).find((r) => r.metric === 'http_reqs')!;
    expect(row).toMatchObject({ ok: false, k6: '170 FAIL (graded by k6: no samples after the warm-up)' });
  });
});

describe('levels graded on each level’s post-warm-up window', () => {
  const warmOnly = () => runOf([...coldSecond(), ...shifted(10)], 10);
  const slowAfter = () => runOf([...coldSecond(), ...shifted(10, (i) => (i % 5 === 0 ? 900 : null))], 10);

  it('walks on past a level whose only misses were in its warm-up and stops at the first that breaks a bar', async () => {
    const plan = [warmOnly, warmOnly, slowAfter, warmOnly];
    const ran: number[] = [];
    let pauses = 0;
    const levels = await walkLevels(
      [5, 25, 50, 125],
      async (level, vus) => (ran.push(level), levelResult(level, vus, plan[level - 1](), targets)),
      async () => void pauses++,
    );
    expect(ran).toEqual([1, 2, 3]);
    expect(pauses).toBe(2);
    expect(levels.map((l) => l.passed)).toEqual([true, true, false]);
    expect(levels[2].failures.join()).toMatch(/scenario:profile http_req_duration 900 \(target p\(95\)<500\)/);
  });

  it('fills the capacity section from the level results', () => {
    const levels: LevelResult[] = [
      levelResult(1, 5, warmOnly(), targets),
      { ...levelResult(2, 25, warmOnly(), targets), rps: 4000 },
      levelResult(3, 50, slowAfter(), targets),
    ];
    const run = { ...warmOnly(), levels };
    const md = capacity(reportFacts(run, targets));
    expect(md).toContain('its first 10 s left out');
    expect(md).toMatch(/\| Last level meeting every target \| level 2 \(25 VUs\): 4000 req\/s, p95 /);
    expect(md).toMatch(
      /\| Breaking Point \| level 3 \(50 VUs, [\d.]+ req\/s\): scenario:profile http_req_duration 900 \(target p\(95\)<500\)/,
    );
    expect(md).toMatch(/\| Max Sustained Requests\/Second \| 4000 req\/s \(level 2, meeting every target\) \|/);
    expect(md).toContain('| Recommended Max Load | 25 VUs |');
  });

  it('says when the list ended before anything broke', () => {
    const levels = [levelResult(1, 5, warmOnly(), targets)];
    const md = capacity(reportFacts({ ...warmOnly(), levels }, targets));
    expect(md).toContain('not reached (all 1 levels met every target; the level list ended)');
  });
});
