import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realtimeMetricsOf } from '../../k6/realtime-metrics';
import type { RunData } from '../model';
import { emptyCells } from '../write-report';
import { realtime } from './realtime';

const fixture = () =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'baseline-auth-smoke.run.json'), 'utf8')) as RunData;

describe('real-time report section', () => {
  it('keeps only the chat suite metrics of a k6 summary, and nothing for other suites', () => {
    const summary = {
      metrics: {
        chat_connects: { count: 20, rate: 0.7 },
        e2e_delivered: { value: 1, passes: 10, fails: 0, thresholds: { 'rate>=0.999': false } },
        http_req_duration: { avg: 3 },
      },
    };
    expect(realtimeMetricsOf(summary as never)).toEqual({
      chat_connects: { count: 20, rate: 0.7 },
      e2e_delivered: { value: 1, passes: 10, fails: 0 },
    });
    expect(realtimeMetricsOf({ metrics: { e2e_delivered: { value: 1 } } } as never)).toBeUndefined();
  });

  it('is absent for runs without chat metrics, and complete (no empty cells) for a chat run', () => {
    const run = fixture();
    expect(realtime(run)).toBe('');
    run.scripts[0].realtime = {
      chat_connects: { count: 20 },
      chat_connect_ms: { avg: 9.3, 'p(95)': 22 },
      chat_messages_offered: { count: 200 },
      chat_send_window_s: { value: 20 },
      chat_offered_rate: { value: 10 },
      chat_messages_sent: { count: 194 },
      chat_messages_received: { count: 194 },
      e2e_delivered: { value: 1 },
      e2e_latency_ms: { avg: 24, 'p(50)': 14, 'p(95)': 90, 'p(99)': 102 },
    };
    const withoutServer = realtime(run);
    expect(withoutServer).toContain('| delivery rate (acknowledged → received) | 100.000 %');
    expect(withoutServer).toContain('not measured: no chat metrics scraped');
    expect(withoutServer).toContain(
      '| messages/s offered / acknowledged (sending phase) | 10.0 / 9.7 (schedule: 10 msg/s) |',
    );
    run.realtimeServer = {
      peakConnectedSockets: 20,
      connects: 20,
      refused: 0,
      disconnects: 20,
      messagesSent: 194,
      messagesFailed: 0,
      deliveredLive: 194,
      deliveredCatchUp: 0,
      deliveryP50Ms: 5,
      deliveryP95Ms: 20,
      deliveryP99Ms: 40,
      adapterErrors: 0,
    };
    const text = realtime(run);
    expect(text).toContain('| peak connected sockets (sum over workers) | 20 |');
    expect(emptyCells(text)).toEqual([]);
  });

  it('puts Locust (recorded: chat load at VU_SCALE 0.02) in a column beside k6, also when k6 did not run', () => {
    const run = fixture();
    const locust = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'chat-load.locust.json'), 'utf8'),
    ) as NonNullable<RunData['locust']>;
    run.locust = { ...locust, markdown: '' };
    const locustOnly = realtime(run);
    expect(locustOnly).toContain('| Measure | Locust |');
    expect(locustOnly).toContain('| connections opened | 200 |');
    expect(locustOnly).toContain('| connect time avg / p95 (socket.io CONNECT acked) | 70.0 ms / 140 ms |');
    expect(locustOnly).toContain(
      '| delivery latency avg / p50 / p95 / p99 (send → receive) | 50.9 ms / 33.0 ms / 150 ms / 380 ms |',
    );
    run.scripts[0].realtime = {
      chat_connects: { count: 199 },
      chat_messages_sent: { count: 873 },
      chat_messages_received: { count: 873 },
      e2e_delivered: { value: 1 },
    };
    const both = realtime(run);
    expect(both).toContain(`| Measure | k6 (${run.scripts[0].script}) | Locust |`);
    expect(both).toContain('| connections opened | 199 | 200 |');
    expect(both).toContain('| delivery rate (acknowledged → received) | 100.000 % | 100.000 % |');
    expect(emptyCells(both)).toEqual([]);
  });
});
