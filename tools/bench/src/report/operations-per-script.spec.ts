import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline, compareOperations, operationStats } from '../baseline';
import { loadTargets } from '../targets/targets';
import { RunData } from './model';
import { renderReport } from './write-report';

// Recorded: ingestion --profile load --baseline (git c31d921's bench). The service ran
// ingestion-load.js (108,516 ingests in 110 s) and soak-test.js (22 ingests in 2 s), both
// tagging their requests `ingest`; the baseline ran its own ingestion.k6.js. The per-operation
// table used to take soak-test's 22 requests against the baseline's 110,699: "0.01×".
const fx = (f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8')) as RunData;
const service = () => fx('ingestion-load.service.run.json');
const baseline = () => fx('ingestion-load.baseline.run.json');
const targets = loadTargets();

describe('per-operation tables match an operation within its own script', () => {
  it('keeps two scripts’ `ingest` apart', () => {
    const ops = [...operationStats(service()).values()].filter((o) => o.scenario === 'ingest');
    expect(ops.map((o) => [o.script, o.requests])).toEqual([
      ['ingestion-load', 108516],
      ['soak-test', 22],
    ]);
  });

  it('compares each script’s operation with the baseline’s twin, naming the script when two share it', () => {
    const ops = compareOperations(service(), baseline(), targets);
    const load = ops.find((o) => o.script === 'ingestion-load')!;
    expect(load.operation).toBe('ingest (ingestion-load.js)');
    // Same offered rate, same span: the ratio is near 1, not 0.01.
    expect(load.rpsRatio).toBeCloseTo(108516 / 110 / (110699 / 110), 2);
    expect(load.rpsRatio).toBeGreaterThan(0.9);
    const soak = ops.find((o) => o.script === 'soak-test')!;
    expect(soak.operation).toBe('ingest (soak-test.js)');
  });

  it('takes the headline baseline figures from the busiest script, against the same twin', () => {
    const run = attachBaseline(service(), baseline(), targets, false);
    expect(run.baseline!.requests).toBe(110699);
    expect(run.baseline!.serviceRps).toBeCloseTo(108516 / 110, 1);
    const md = renderReport(run, targets, []);
    expect(md).toContain('| ingest (ingestion-load.js) | POST /webhooks/ingest |');
    expect(md).not.toMatch(/\| ingest \(ingestion-load\.js\)[^\n]*\| 0\.0\d×/);
  });

  it('still matches a like-for-like baseline operation by its own script', () => {
    // The baseline ran the suite's scripts: each service operation meets the same script's.
    const like = service();
    const ops = compareOperations(service(), like, targets);
    expect(ops.map((o) => [o.script, o.rpsRatio])).toEqual([
      ['ingestion-load', 1],
      ['soak-test', 1],
    ]);
  });
});
