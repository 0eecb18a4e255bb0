import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunData } from './report/model';
import { emptyCells } from './report/write-report';
import { renderRepeat, repeatRows, repeatVerdict, windowP95s } from './repeatability';
import { roundStart } from './round-start';

// A recorded run (auth bare baseline smoke), copied with its numbers scaled.
const recorded = (): RunData =>
  JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;

function scaled(run: RunData, rpsFactor: number, p95Factor: number): RunData {
  const r = JSON.parse(JSON.stringify(run)) as RunData;
  for (const s of r.scripts)
    for (const e of s.series.endpoints) {
      e.count = Math.round(e.count * rpsFactor);
      e.p95 *= p95Factor;
    }
  return r;
}

describe('repeatRows', () => {
  it('flags req/s apart by more than 5 % and p95 by more than 10 % (issue 14), not less', () => {
    const a = recorded();
    const rows = repeatRows([a, scaled(a, 1.04, 1.2)]);
    const all = (m: string) => rows.find((r) => r.scope === 'all requests' && r.metric === m)!;
    expect(all('req/s').spreadPercent).toBeCloseTo(4, 0);
    expect(all('req/s').over).toBe(false);
    expect(all('req/s').limitPercent).toBe(5);
    const rps = repeatRows([a, scaled(a, 1.08, 1.05)]).find((r) => r.scope === 'all requests' && r.metric === 'req/s')!;
    expect(rps.over).toBe(true);
    expect(all('p95 ms').spreadPercent).toBeCloseTo(20, 5);
    expect(all('p95 ms').over).toBe(true);
    expect(rows.some((r) => r.scope === 'GET /users/:id')).toBe(true);
  });

  it('treats exactly 10 % as repeatable (the bar is "more than 10 %")', () => {
    const a = recorded();
    const p95 = repeatRows([a, scaled(a, 1, 1.1)]).find((r) => r.metric === 'p95 ms')!;
    expect(p95.spreadPercent).toBeCloseTo(10, 6);
    expect(p95.over).toBe(p95.spreadPercent > 10);
  });
});

describe('renderRepeat', () => {
  it('says NOT REPEATABLE with the metric, and fills every cell', () => {
    const a = recorded();
    const md = renderRepeat('auth', 'smoke', [a, scaled(a, 1, 1.5)], ['run-1', 'run-2']);
    expect(md).toContain('NOT REPEATABLE');
    expect(md).toMatch(/all requests p95 ms 50\.0 %/);
    expect(emptyCells(md)).toEqual([]);
  });

  it("calls a p95 difference smaller than the run's own window-to-window swing noise, and names a busy machine", () => {
    const a = recorded();
    a.machine.loadAvg = [3.2, 2, 2];
    const b = scaled(a, 1, 1.5);
    const md = renderRepeat('auth', 'load', [a, b], ['run-1', 'run-2']);
    expect(md).toContain('rerun when it is quiet');
    const p = windowP95s(a);
    const between = a.scripts[0].series.endpoints[0].p95 * 0.5;
    expect(md.includes("within the run's own noise")).toBe(between < Math.max(...p) - Math.min(...p));
  });

  it('says repeatable when every spread is within the bar', () => {
    const a = recorded();
    expect(renderRepeat('auth', 'smoke', [a, scaled(a, 1.02, 1.03)], ['run-1', 'run-2'])).toContain(
      'repeatable: req/s within 5 %, p95 within 10 %',
    );
  });

  it('names the shape of a difference: the first run apart, or a drift run to run', () => {
    const a = recorded();
    // The three runs: 733, 546, 536 req/s: run 1 alone apart.
    const first = repeatRows([scaled(a, 733 / 546, 1), a, scaled(a, 536 / 546, 1)]);
    expect(first.find((r) => r.scope === 'all requests' && r.metric === 'req/s')!.pattern).toBe('first run apart');
    const drift = repeatRows([a, scaled(a, 1, 1.15), scaled(a, 1, 1.35)]);
    expect(drift.find((r) => r.scope === 'all requests' && r.metric === 'p95 ms')!.pattern).toBe('drifting up');
    const md = renderRepeat('auth', 'load', [a, scaled(a, 1, 1.15), scaled(a, 1, 1.35)], ['1', '2', '3']);
    expect(md).toMatch(/all requests p95 ms 35\.0 % \(drifting up\)/);
    expect(emptyCells(md)).toEqual([]);
  });

  it('judges a busy start by CPU idle before it, not by the load average', () => {
    const a = recorded();
    a.machine.loadAvg = [5.1, 4, 3]; // the previous run, still in the 1-min average
    a.machine.idleBefore = { seconds: 5, idle: 0.98, busyCores: 0.04 };
    const md = renderRepeat('auth', 'load', [a, scaled(a, 1, 1.5)], ['run-1', 'run-2']);
    expect(md).not.toContain('rerun when it is quiet');
    expect(md).toContain('| 98 % over 5 s |');
  });

  it('shows per run whether its wait for a quiet CPU ended quiet or ran out', () => {
    const a = recorded();
    const b = scaled(a, 1, 1.02);
    a.machine.quietWait = { quiet: true, waitedSeconds: 5, maxWaitSeconds: 120, idle: 0.97, line: '' };
    b.machine.quietWait = { quiet: false, waitedSeconds: 120, maxWaitSeconds: 120, idle: 0.5, line: '' };
    const starts = [roundStart('run 1', a), roundStart('run 2', b)];
    const md = renderRepeat('auth', 'load', [a, b], ['run-1', 'run-2'], starts);
    expect(md).toContain('| Run | Folder | Wait for a quiet CPU | CPU idle before start |');
    expect(md).toContain('| 1 | run-1 | quiet after 5 s (97 % idle) |');
    expect(md).toContain('| 2 | run-2 | still busy: the 120 s wait ran out (50 % idle), started anyway |');
    expect(emptyCells(md)).toEqual([]);
  });

  it('shows Locust’s CPU per run beside k6’s when Locust ran, and marks only the saturated generator', () => {
    const a = recorded();
    const b = JSON.parse(JSON.stringify(a)) as RunData;
    const cpu = (busiest: number) => ({
      samples: 30,
      avgPercent: busiest,
      maxPercent: busiest,
      p95Percent: busiest,
      maxRssBytes: null,
      busiestP95Percent: busiest,
      processes: 1,
    });
    a.locust = { markdown: '', pass: true, generatorCpu: cpu(40) };
    b.locust = { markdown: '', pass: true, generatorCpu: cpu(97) };
    const md = renderRepeat('auth', 'load', [a, b], ['run-1', 'run-2']);
    expect(md).toContain('| Locust CPU p95 (busiest process) |');
    // The recorded k6 used 78 % (p95): under the limit, so only Locust's 97 % is marked.
    expect(md).toContain('| 78 % | 40 % |');
    expect(md).toContain('| 78 % | 97 % (saturated) |');
    expect(emptyCells(md)).toEqual([]);
  });
});

// A recorded chat run: no HTTP requests, its work in scripts[].realtime.
const chat = (messages = 1, latency = 1): RunData => {
  const r = JSON.parse(readFileSync(join(__dirname, 'report', 'fixtures', 'chat-load.run.json'), 'utf8')) as RunData;
  const m = r.scripts[0].realtime!;
  m.chat_messages_sent.count = Math.round(m.chat_messages_sent.count * messages);
  m.e2e_latency_ms['p(95)'] *= latency;
  return r;
};

describe('repeatability of a real-time (chat) run', () => {
  it('holds messages/s to the req/s bar and delivery and connect p95 to the p95 bar', () => {
    const rows = repeatRows([chat(), chat(1.03, 1.2)]);
    expect(rows.map((r) => `${r.scope} ${r.metric}`)).toEqual([
      'messages acknowledged (sending phase) msg/s',
      'delivery (send → receive) p95 ms',
      'connect (socket.io CONNECT acked) p95 ms',
    ]);
    const [messages, delivery, connect] = rows;
    expect(messages.spreadPercent).toBeCloseTo(3, 1);
    expect(messages).toMatchObject({ limitPercent: 5, over: false });
    expect(delivery.spreadPercent).toBeCloseTo(20, 6);
    expect(delivery).toMatchObject({ limitPercent: 10, over: true });
    expect(connect).toMatchObject({ spreadPercent: 0, over: false });
  });

  it('gives a verdict that compared something: NOT REPEATABLE on delivery, repeatable when within the bars', () => {
    const md = renderRepeat('chat', 'load', [chat(), chat(1, 1.2)], ['run-1', 'run-2']);
    expect(md).toContain('**Verdict**: NOT REPEATABLE — delivery (send → receive) p95 ms 20.0 %');
    expect(md).not.toContain('rerun when it is quiet');
    const busy = [chat(), chat(1, 1.2)].map((r) => {
      r.machine.idleBefore = { seconds: 5, idle: 0.2, busyCores: 1.6 };
      return r;
    });
    expect(renderRepeat('chat', 'load', busy, ['run-1', 'run-2'])).toContain(
      '2 of 2 runs started on a busy machine (CPU busy before the start',
    );
    expect(emptyCells(md)).toEqual([]);
    expect(repeatVerdict(repeatRows([chat(), chat(1.01, 1.05)]))).toBe('repeatable: msg/s within 5 %, p95 within 10 %');
  });

  it('says "not judged" when no measure had values in two runs, not "repeatable"', () => {
    const a = chat();
    delete a.scripts[0].realtime;
    const b = JSON.parse(JSON.stringify(a)) as RunData;
    expect(repeatVerdict(repeatRows([a, b]))).toMatch(/^not judged/);
  });
});
