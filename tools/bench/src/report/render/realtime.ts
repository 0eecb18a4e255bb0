import { count, ms, NM, pct, table } from '../cells';
import type { RunData } from '../model';

// "Real-time (socket.io)": connections, messages and delivery as the k6 generator counted them
// (load-tests/chat), beside the service's own counters from Prometheus. Only for runs whose
// scripts recorded chat_* metrics.

const get = (m: Record<string, Record<string, number>> | undefined, name: string, field: string) => m?.[name]?.[field];

/** Offered (the script's schedule, MSG_RATE when set) vs acknowledged, per second of the sending phase. */
function sendRates(m: Record<string, Record<string, number>> | undefined): string {
  const window = get(m, 'chat_send_window_s', 'value');
  if (!window) return NM('no chat_send_window_s from the script');
  const target = get(m, 'chat_offered_rate', 'value');
  const offered = (get(m, 'chat_messages_offered', 'count') ?? 0) / window;
  const acked = (get(m, 'chat_messages_sent', 'count') ?? 0) / window;
  return `${offered.toFixed(1)} / ${acked.toFixed(1)}${target ? ` (schedule: ${target.toFixed(0)} msg/s)` : ''}`;
}

export function realtime(run: RunData): string {
  const scripts = run.scripts.filter((s) => s.realtime);
  if (scripts.length === 0) return '';
  const server = run.realtimeServer;
  const why = 'no chat metrics scraped for this job in the run window';
  const rows = scripts.flatMap((s) => {
    const m = s.realtime;
    const sent = get(m, 'chat_messages_sent', 'count');
    const deliveredRate = get(m, 'e2e_delivered', 'value');
    return [
      [s.script, 'connections opened (k6)', count(get(m, 'chat_connects', 'count'), 'none')],
      [
        s.script,
        'connect failures / reconnects (k6)',
        `${count(get(m, 'chat_connect_failures', 'count') ?? 0)} / ${count(get(m, 'chat_reconnects', 'count') ?? 0)}`,
      ],
      [
        s.script,
        'connect time avg / p95 (socket.io CONNECT acked)',
        `${ms(get(m, 'chat_connect_ms', 'avg'))} / ${ms(get(m, 'chat_connect_ms', 'p(95)'))}`,
      ],
      [s.script, 'messages/s offered / acknowledged (sending phase)', sendRates(m)],
      [
        s.script,
        'messages acknowledged / send failures',
        `${count(sent, 'none')} / ${count(get(m, 'chat_messages_send_failed', 'count') ?? 0)}`,
      ],
      [s.script, 'messages received (deduplicated)', count(get(m, 'chat_messages_received', 'count'), 'none')],
      [s.script, 'delivery rate (acknowledged → received)', pct(deliveredRate, 'no acknowledged messages', 3)],
      [
        s.script,
        'delivery latency avg / p50 / p95 / p99 (send → receive)',
        ['avg', 'p(50)', 'p(95)', 'p(99)'].map((f) => ms(get(m, 'e2e_latency_ms', f))).join(' / '),
      ],
    ];
  });
  const serverRows = server
    ? [
        ['peak connected sockets (sum over workers)', count(server.peakConnectedSockets)],
        [
          'connects / refused / disconnects',
          [server.connects, server.refused, server.disconnects].map((v) => count(v)).join(' / '),
        ],
        ['messages accepted / failed', `${count(server.messagesSent)} / ${count(server.messagesFailed)}`],
        [
          'new_message written live / on catch-up',
          `${count(server.deliveredLive)} / ${count(server.deliveredCatchUp)}`,
        ],
        [
          'delivery latency p50 / p95 / p99 (accepted → written to socket)',
          [server.deliveryP50Ms, server.deliveryP95Ms, server.deliveryP99Ms].map((v) => ms(v)).join(' / '),
        ],
        ['adapter / Redis errors', count(server.adapterErrors)],
      ]
    : [['server view', NM(why)]];
  return [
    '## Real-time (socket.io)',
    '',
    'Client side (k6 over `load-tests/lib/socketio.js`): delivery rate counts, per message the sender saw acknowledged, whether its recipient received it by the end of the drain.',
    '',
    table(['Script', 'Measure', 'Value'], rows),
    '',
    "Server side (the service's Prometheus metrics over the k6 runs; counts are `increase()` over 5 s scrapes, extrapolated at the edges, so approximate):",
    '',
    table(['Measure', 'Value'], serverRows),
  ].join('\n');
}
