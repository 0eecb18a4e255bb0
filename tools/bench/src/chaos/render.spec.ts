import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyCells } from '../report/write-report';
import { ChaosRun } from './model';
import { renderChaosReport, statusList } from './render';

// A recorded run (notifications, short schedule, 2026-11-23): its load sent every
// notification to one user, so delivery (in order per user) fell behind and the ledger
// stopped waiting with 365 accepted notifications not yet delivered: a FAIL.
const recorded = (): ChaosRun =>
  JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'notifications-chaos-short-fail.chaos.json'), 'utf8'),
  ) as ChaosRun;

describe('renderChaosReport', () => {
  const md = renderChaosReport(recorded());

  it('opens with the verdict and the checks that decided it', () => {
    expect(md.split('\n')[0]).toBe('# notifications — chaos (short schedule): FAIL');
    expect(md).toMatch(/\| accepted writes lost \(not stored, or never effected\) \| 365 \| ≤ 0 \| \*\*FAIL\*\* \|/);
    expect(md).toMatch(/\| bare 5xx answers \(whole run\) \| 0 \| ≤ 0 \| pass \|/);
  });

  it('has one failure-scenario row per fault, with statuses, 5xx kinds, timings and /health', () => {
    const rows = md.split('\n').filter((l) => /^\| (worker-kill|redis|kafka|postgres) \|/.test(l));
    expect(rows).toHaveLength(4);
    const postgres = rows[3];
    expect(postgres).toContain('503 × 349');
    expect(postgres).toContain('| 0 | 349 | 0.6 s | 2.9 s |');
    expect(postgres).toContain('told the truth');
  });

  it('has the ledger per phase and says the ledger was still waiting', () => {
    expect(md).toMatch(/\| 4\. postgres \| 247 \| 247 \| 0 \| 0 \| 247 \|/);
    expect(md).toMatch(/\| whole run \| 2287 \| 2287 \| 1922 \| 0 \| 365 \|/);
    expect(md).toContain('**still waiting when the ledger stopped**');
  });

  it('leaves no table cell empty', () => {
    expect(emptyCells(md)).toEqual([]);
  });

  it('renders a PASS run as PASS', () => {
    const r = recorded();
    r.pass = true;
    expect(renderChaosReport(r).split('\n')[0]).toBe('# notifications — chaos (short schedule): PASS');
  });
});

describe('statusList', () => {
  it('orders statuses and names status 0', () => {
    expect(statusList({ '503': 2, '0': 1, '202': 5 })).toBe('no answer × 1, 202 × 5, 503 × 2');
    expect(statusList({})).toBe('none');
  });
});
