import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets, TargetsFile } from '../targets/targets';
import { RunData } from './model';
import { emptyCells, renderReport } from './write-report';
import { PromSnapshot } from '../collectors/prometheus';
import { allRows, overall } from './grade';
import { tableRow, tableRowStarting } from '../testing/table-row';

// Recorded inputs: a real smoke run of the auth bare baseline (k6 summary/series, Postgres,
// Redis, Kafka snapshots) and a real Prometheus snapshot of a scraped process.
const fx = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');
const recorded = (): RunData => JSON.parse(fx('baseline-auth-smoke.run.json')) as RunData;
const promSnapshot = (): PromSnapshot => JSON.parse(fx('prometheus-job-prometheus.json')) as PromSnapshot;
const targets = loadTargets();

function withP95Bar(t: TargetsFile, bar: number): TargetsFile {
  const copy = JSON.parse(JSON.stringify(t)) as TargetsFile;
  copy.suites.auth.profiles!.smoke.latency_ms = { p95: bar };
  return copy;
}

describe('renderReport on a recorded run', () => {
  it('fills every table cell with a number or a reason', () => {
    const md = renderReport(recorded(), targets, ['latency.svg']);
    expect(emptyCells(md)).toEqual([]);
    for (const heading of [
      '## Executive Summary',
      '## Test Environment',
      '## Response Times',
      '## Throughput',
      '## Error Rates',
      '## System Resource Utilization',
      '## Load generator saturated?',
      '## Bottlenecks Identified',
    ])
      expect(md).toContain(heading);
    expect(md).not.toMatch(/TBD|NaN|undefined/);
  });

  it('shows the measured endpoint percentiles from the recording', () => {
    const run = recorded();
    const ep = run.scripts[0].series.endpoints[0];
    const row = tableRow(renderReport(run, targets, []), 'GET /users/:id');
    expect(row[2]).toBe(ep.count.toLocaleString('en-US'));
    expect(row[4]).toBe(`${ep.p95.toFixed(2)} ms`);
  });

  it('grades p95 PASS just above the measured value and FAIL just below', () => {
    const run = recorded();
    const p95 = run.scripts[0].series.endpoints[0].p95;
    const pass = tableRow(renderReport(run, withP95Bar(targets, p95 + 0.01), []), 'GET /users/:id');
    const fail = tableRow(renderReport(run, withP95Bar(targets, p95 - 0.01), []), 'GET /users/:id');
    expect(pass.at(-1)).toBe('PASS');
    expect(fail.at(-1)).toBe('FAIL');
  });

  it('grades resources from Prometheus on both sides of the CPU bar', () => {
    const run = { ...recorded(), profile: 'load', prometheus: promSnapshot() };
    const cpu = run.prometheus.stats.cpu_percent.max!;
    const bar = (limit: number): TargetsFile => {
      const t = JSON.parse(JSON.stringify(targets)) as TargetsFile;
      t.resources.levels.normal.cpu_percent = { lt: limit };
      return t;
    };
    const row = (t: TargetsFile) => allRows(run, t).find((r) => r.metric === 'cpu_percent')!;
    expect(row(bar(cpu + 0.001)).ok).toBe(true);
    expect(row(bar(cpu - 0.001)).ok).toBe(false);
    expect(overall(run, bar(cpu - 0.001))).toBe(false);
    const md = renderReport(run, bar(cpu - 0.001), []);
    // recorded without a loop count: the sum is graded, and the row says so
    expect(tableRow(md, 'CPU usage, all loops summed (% of one core; loop count not measured)').at(-1)).toBe('FAIL');
    expect(emptyCells(md)).toEqual([]);
  });

  it('shows resources in a smoke run without grading them (smoke is functional)', () => {
    const run = { ...recorded(), profile: 'smoke', prometheus: promSnapshot() };
    const t = JSON.parse(JSON.stringify(targets)) as TargetsFile;
    t.resources.levels.smoke.cpu_percent = { lt: 0.0001 };
    const row = allRows(run, t).find((r) => r.metric === 'cpu_percent')!;
    expect(row).toMatchObject({ ok: null, why: 'smoke: resources shown, not graded' });
    expect(row.value).toBeGreaterThan(0);
  });

  it('says not measured, with the reason, when Prometheus had nothing', () => {
    const md = renderReport(recorded(), targets, []);
    expect(tableRowStarting(md, 'CPU usage, busiest event loop (% of one core)')[1]).toMatch(/^not measured: /);
  });

  it('fails the run when k6 recorded a failed threshold', () => {
    const run = recorded();
    run.scripts[0].thresholds[0] = { ...run.scripts[0].thresholds[0], ok: false };
    expect(overall(run, targets)).toBe(false);
    expect(renderReport(run, targets, [])).toContain('FAIL —');
  });
});

describe('the bare baseline ratio', () => {
  it('prints service ÷ baseline for req/s and p95', () => {
    const run = recorded();
    run.baseline = {
      name: 'baseline-auth',
      description: 'bare node:http',
      rps: 400,
      p95: 2,
      p50: 1,
      errorRate: 0,
      requests: 4000,
      serviceRps: 300,
      serviceP95: 5,
    };
    const md = renderReport(run, targets, []);
    expect(tableRow(md, 'Throughput vs bare baseline')[1]).toMatch(
      /^0\.75× \(service 300 req\/s \/ baseline 400 req\/s/,
    );
    expect(tableRow(md, 'p95 vs bare baseline')[1]).toMatch(/^2\.50× \(service 5\.00 ms \/ baseline 2\.00 ms\)/);
  });
});

describe('emptyCells', () => {
  it('finds blank and placeholder cells, ignores separators', () => {
    const md = ['| a | b |', '|---|---|', '| 1 |  |', '| TBD | x |', '| NaN ms | 2 |'].join('\n');
    expect(emptyCells(md)).toHaveLength(3);
  });
});

describe('the Locust section (--generator locust|both)', () => {
  it('lives in the run, so a report written again (--baseline attaches its run) keeps it and its verdict', () => {
    const run: RunData = {
      ...recorded(),
      locust: { markdown: '## Locust (second generator)\n\nrecorded', pass: false },
    };
    expect(overall(recorded(), targets)).toBe(true);
    expect(renderReport(run, targets, [])).toContain('## Locust (second generator)');
    expect(overall(run, targets)).toBe(false);
    expect(overall({ ...run, locust: { ...run.locust!, pass: true } }, targets)).toBe(true);
  });
});
