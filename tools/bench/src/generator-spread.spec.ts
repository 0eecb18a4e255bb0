import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatorSpreadRows, renderGeneratorSpread } from './generator-spread';
import type { RunData } from './report/model';
import { rateOf } from './report/totals';
import { emptyCells } from './report/write-report';
import type { TargetsFile } from './targets/targets';

// A recorded k6 run (auth bare-baseline smoke: one operation, GET /users/:id) with a Locust
// part beside it, scaled per round to give each generator a known median and spread.
const recorded = (): RunData =>
  JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;

const targets = {
  suites: { auth: { scenarios: { profile: { locust_name: 'GET /users/:id' } } } },
} as unknown as TargetsFile;

/** One round: k6's counts and p95 scaled by `k6`, Locust's row at `locust` × k6's recorded values. */
function round(k6: number, locust: { rps: number; p95: number }, locustCpu = 20): RunData {
  const r = recorded();
  const rps = rateOf(r) as number;
  const e = r.scripts[0].series.endpoints[0];
  const [p50, p95, p99] = [e.p50, e.p95, e.p99];
  e.count = Math.round(e.count * k6);
  e.p95 *= k6;
  r.locust = {
    markdown: '',
    pass: true,
    rows: [
      {
        method: 'GET',
        name: '/users/:id',
        requests: 1000,
        failures: 0,
        medianMs: p50,
        avgMs: p50,
        p95Ms: p95 * locust.p95,
        p99Ms: p99,
        maxMs: p99,
        rps: rps * locust.rps,
      },
    ],
    generatorCpu: {
      samples: 30,
      avgPercent: locustCpu,
      maxPercent: locustCpu,
      p95Percent: locustCpu,
      maxRssBytes: null,
      busiestP95Percent: locustCpu,
      processes: 1,
    },
  };
  return r;
}

const row = (runs: RunData[], metric: string) =>
  generatorSpreadRows(runs, targets, 'auth').find((r) => r.metric === metric)!;

describe('k6 and Locust side by side over rounds', () => {
  it('flags a difference of medians larger than either generator’s own spread, not one within it', () => {
    // k6 p95 at 1.0 / 1.1 × recorded, Locust's at 3 × and 3.2 ×: apart far beyond both spreads.
    const apart = [round(1, { rps: 1, p95: 3 }), round(1.1, { rps: 1.02, p95: 3.2 })];
    expect(row(apart, 'p95 ms')).toMatchObject({ request: 'GET /users/:id', disagree: true });
    expect(row(apart, 'p50 ms').disagree).toBe(false);
    // Locust's req/s moves 0.9–1.2 × between rounds: k6's 1.0–1.1 × lies within that spread.
    const noisy = [round(1, { rps: 0.9, p95: 1 }), round(1.1, { rps: 1.2, p95: 1.05 })];
    expect(row(noisy, 'req/s').disagree).toBe(false);
    expect(row(noisy, 'req/s').pair.spreadB[1]).toBeGreaterThan(row(noisy, 'req/s').pair.spreadB[0]);
  });

  it('does not judge one round (no spread) nor an operation one generator did not measure', () => {
    expect(row([round(1, { rps: 1, p95: 3 })], 'p95 ms')).toMatchObject({
      notJudged: 'one round: no spread to judge against',
    });
    const noLocust = round(1, { rps: 1, p95: 1 });
    noLocust.locust!.rows = [];
    expect(row([noLocust, noLocust], 'req/s').notJudged).toBe('Locust did not measure it');
  });

  it('renders medians, ranges, the disagreements and each generator’s CPU, with no empty cells', () => {
    const runs = [round(1, { rps: 1, p95: 3 }, 95), round(1.1, { rps: 1.02, p95: 3.2 }, 97)];
    const text = renderGeneratorSpread(runs, targets, 'auth');
    expect(text).toContain('## k6 and Locust side by side (median and min–max over 2 rounds)');
    expect(text).toMatch(/\*\*Disagreements\*\*: GET \/users\/:id p95 ms \(k6 [\d.]+, Locust [\d.]+\)/);
    expect(text).toMatch(
      /\| GET \/users\/:id \| p95 ms \| [\d.]+ \| [\d.]+–[\d.]+ \| [\d.]+ \| [\d.]+–[\d.]+ \| \+\d+ % \| DISAGREE/,
    );
    expect(text).toContain("Locust's busiest process 95 %, 97 %");
    expect(text).toContain('Locust reached 85 % of a core');
    expect(emptyCells(text)).toEqual([]);
  });

  it('is absent when no round ran Locust', () => {
    expect(renderGeneratorSpread([recorded(), recorded()], targets, 'auth')).toBe('');
  });

  it('compares chat by its real-time measures: k6 chat_* metrics beside the locustfile rows (recorded chat load)', () => {
    const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', name), 'utf8'));
    const chatRound = () => {
      const r = recorded();
      r.scripts[0].series.endpoints = [];
      r.scripts[0].realtime = fixture('chat-load.k6-realtime.json');
      r.locust = { ...fixture('chat-load.locust.json'), markdown: '' };
      return r;
    };
    const chatTargets = {
      suites: { chat: { scenarios: { connect: { locust_name: 'WS connect' }, delivery: { kind: 'async' } } } },
    } as unknown as TargetsFile;
    const rows = generatorSpreadRows([chatRound(), chatRound()], chatTargets, 'chat');
    const of = (request: string, metric: string) => rows.find((r) => r.request === request && r.metric === metric)!;
    // Recorded: k6 connect p95 29.1 ms, Locust's 140 ms; delivery p95 226.4 vs 150 ms.
    expect(of('WS connect', 'p95 ms').pair.a).toBeCloseTo(29.1, 5);
    expect(of('WS connect', 'p95 ms').pair.b).toBe(140);
    expect(of('WS connect', 'p95 ms').disagree).toBe(true);
    expect(of('WS new_message (delivery)', 'p95 ms').pair.a).toBeCloseTo(226.4, 5);
    expect(of('WS new_message (delivery)', 'p95 ms').pair.b).toBe(150);
    expect(of('WS send_message (ack)', 'p95 ms').notJudged).toBe('k6 did not measure it');
    // k6 counts messages over its sending phase (873 acked in 18 s), Locust over its whole run: shown, not judged.
    expect(of('WS send_message (ack)', 'req/s').pair.a).toBeCloseTo(873 / 18, 5);
    expect(of('WS send_message (ack)', 'req/s').notJudged).toMatch(/^different windows/);
    expect(emptyCells(renderGeneratorSpread([chatRound(), chatRound()], chatTargets, 'chat'))).toEqual([]);
  });
});
