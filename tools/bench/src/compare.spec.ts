import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, renderCompare, roundOrder } from './compare';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { roundStart } from './round-start';

const base = JSON.parse(
  readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8'),
) as RunData;

function slowed(factor: number): RunData {
  const r = JSON.parse(JSON.stringify(base)) as RunData;
  for (const s of r.scripts) {
    for (const e of s.series.endpoints) {
      e.p95 *= factor;
      e.p99 *= factor;
      e.count = Math.round(e.count / factor);
    }
    s.series.totalRequests = Math.round(s.series.totalRequests / factor);
  }
  return r;
}

describe('roundOrder', () => {
  it('counterbalances the sides: A B, then B A, then A B', () => {
    expect([0, 1, 2, 3].map((round) => roundOrder(['A', 'B'], round).join(''))).toEqual(['AB', 'BA', 'AB', 'BA']);
  });
});

describe('compareRuns', () => {
  it('flags a B that is slower past the threshold, not one within it', () => {
    const caught = compareRuns([base, base, base], [slowed(1.5), slowed(1.5), slowed(1.5)], 10);
    expect(caught.filter((r) => r.regressed).map((r) => r.label)).toEqual([
      'Throughput (req/s)',
      'P95 Latency (ms)',
      'P99 Latency (ms)',
    ]);
    const within = compareRuns([base], [slowed(1.05)], 10);
    expect(within.some((r) => r.regressed)).toBe(false);
    // 0 errors on both sides is no change, not a missing value
    expect(within.find((r) => r.label.startsWith('Error'))!.changePercent).toBe(0);
  });

  it('uses medians, so one outlier round does not decide', () => {
    const rows = compareRuns([base, base, base], [base, base, slowed(3)], 10);
    expect(rows.find((r) => r.label.startsWith('P95'))!.changePercent).toBeCloseTo(0);
  });

  it('renders the Before / After / Improvement table without empty cells', () => {
    const md = renderCompare('main', 'slow', compareRuns([base], [slowed(2)], 10), [1, 1], 10);
    expect(md).toContain('| Metric | Before (A) | After (B) | Improvement |');
    expect(md).toContain('REGRESSION');
    expect(md).toContain('bench exits 1');
    expect(renderCompare('main', 'same', compareRuns([base], [base], 10), [1, 1], 10)).toContain(
      'no regression past the threshold — bench exits 0',
    );
    expect(emptyCells(md)).toEqual([]);
  });

  it('shows how each round started, in the order the rounds ran, in COMPARE.md', () => {
    const busy = JSON.parse(JSON.stringify(base)) as RunData;
    busy.machine.idleBefore = { seconds: 5, idle: 0.4, busyCores: 1.2 };
    busy.machine.quietWait = {
      quiet: false,
      waitedSeconds: 20,
      maxWaitSeconds: 20,
      idle: 0.45,
      line: 'CPU still busy',
    };
    const starts = [roundStart('A round 1', base), roundStart('B round 1', busy)];
    const md = renderCompare('main', 'same', compareRuns([base], [busy], 10), [1, 1], 10, { starts });
    expect(md).toContain('## How each round started');
    expect(md).toContain(
      '| B round 1 | still busy: the 20 s wait ran out (45 % idle), started anyway | 40 % over 5 s (busy) |',
    );
    expect(md.indexOf('| A round 1 |')).toBeLessThan(md.indexOf('| B round 1 |'));
    expect(emptyCells(md)).toEqual([]);
  });
});

// A recorded chat run (load-tests/chat, 3,000 sockets at 750 msg/s offered): no HTTP requests,
// its work in scripts[].realtime. 65,907 messages acknowledged over a 90 s sending phase.
const chat = JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'chat-load.run.json'), 'utf8')) as RunData;

function chatScaled(messages: number, latency: number, delivered = 1): RunData {
  const r = JSON.parse(JSON.stringify(chat)) as RunData;
  const m = r.scripts[0].realtime!;
  m.chat_messages_sent.count = Math.round(m.chat_messages_sent.count * messages);
  for (const f of ['avg', 'p(95)']) m.e2e_latency_ms[f] *= latency;
  m.e2e_delivered.value = delivered;
  return r;
}

describe('compare of a real-time (chat) run', () => {
  it('compares messages, delivery and connect time, median and min–max per side, instead of zero requests', () => {
    const rows = compareRuns([chat, chatScaled(1.02, 1.1), chatScaled(0.98, 0.9)], [chat, chat, chat], 10);
    const row = (label: string) => rows.find((r) => r.label.startsWith(label))!;
    expect(row('Messages acknowledged').a).toBeCloseTo(65907 / 90, 1);
    expect(row('Messages acknowledged').label).toBe('Messages acknowledged (sending phase) (msg/s)');
    expect(row('Messages acknowledged').spreadA[0]).toBeCloseTo((65907 * 0.98) / 90, 0);
    expect(row('Messages acknowledged').spreadA[1]).toBeCloseTo((65907 * 1.02) / 90, 0);
    expect(row('Delivery latency p95').a).toBe(80);
    expect(row('Delivery latency p95').spreadA).toEqual([72, 88]);
    expect(row('Delivered').b).toBe(100);
    expect(row('Connect time p95').changePercent).toBe(0);
    // No HTTP request rows: the chat run made none.
    expect(rows.some((r) => ['Throughput (req/s)', 'P95 Latency (ms)', 'Error Rate (%)'].includes(r.label))).toBe(
      false,
    );
    expect(rows.some((r) => r.regressed)).toBe(false);
  });

  it('gates fewer messages and slower delivery like throughput and p95, lost messages by points', () => {
    const regressed = (b: RunData) =>
      compareRuns([chat], [b], 10)
        .filter((r) => r.regressed)
        .map((r) => r.label);
    expect(regressed(chatScaled(0.8, 1))).toEqual(['Messages acknowledged (sending phase) (msg/s)']);
    expect(regressed(chatScaled(1, 1.5))).toEqual(['Delivery latency p95 (send → receive) (ms)']);
    expect(regressed(chatScaled(1, 1, 0.98))).toEqual(['Delivered (acknowledged → received) (%)']);
    expect(regressed(chatScaled(1, 1, 0.995))).toEqual([]);
  });

  it('renders the real-time rows and the gate, without an empty per-operation table', () => {
    const md = renderCompare('a', 'b', compareRuns([chat], [chatScaled(1, 1.5)], 10), [1, 1], 10);
    expect(md).toContain(
      '| Delivery latency p95 (send → receive) (ms) | 80 | 120 | +50.0 % | higher in 1 of 1 | 80–80 | 120–120 | REGRESSED |',
    );
    expect(md).toContain(
      'Gate: real-time (chat): messages acknowledged/s and delivery p95 may not be worse by more than 10 %, delivered by more than 1 point.',
    );
    expect(md).not.toContain('## Per operation');
    expect(md).not.toContain('per request'); // its messages are not HTTP requests
    expect(emptyCells(md)).toEqual([]);
  });
});
