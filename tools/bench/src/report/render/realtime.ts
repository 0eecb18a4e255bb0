import { count, ms, NM, pct, table } from '../cells';
import type { LocustResult, RunData } from '../model';

// "Real-time (socket.io)": connections, messages and delivery as each generator counted them
// (load-tests/chat: k6 and Locust side by side), beside the service's own counters from
// Prometheus. Only for runs whose scripts recorded chat_* metrics or whose Locust ran chat.

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

const MEASURES = [
  'connections opened',
  'connect failures / reconnects',
  'connect time avg / p95 (socket.io CONNECT acked)',
  'messages/s offered / acknowledged (sending phase)',
  'messages acknowledged / send failures',
  'messages received (deduplicated)',
  'delivery rate (acknowledged → received)',
  'delivery latency avg / p50 / p95 / p99 (send → receive)',
] as const;

/** One k6 script's values, in MEASURES order. */
function k6Values(m: Record<string, Record<string, number>> | undefined): string[] {
  const sent = get(m, 'chat_messages_sent', 'count');
  return [
    count(get(m, 'chat_connects', 'count'), 'none'),
    `${count(get(m, 'chat_connect_failures', 'count') ?? 0)} / ${count(get(m, 'chat_reconnects', 'count') ?? 0)}`,
    `${ms(get(m, 'chat_connect_ms', 'avg'))} / ${ms(get(m, 'chat_connect_ms', 'p(95)'))}`,
    sendRates(m),
    `${count(sent, 'none')} / ${count(get(m, 'chat_messages_send_failed', 'count') ?? 0)}`,
    count(get(m, 'chat_messages_received', 'count'), 'none'),
    pct(get(m, 'e2e_delivered', 'value'), 'no acknowledged messages', 3),
    ['avg', 'p(50)', 'p(95)', 'p(99)'].map((f) => ms(get(m, 'e2e_latency_ms', f))).join(' / '),
  ];
}

/** Locust's values, in MEASURES order, from its request rows (load-tests/chat/locustfile.py) and its delivery count. */
function locustValues(locust: LocustResult): string[] | undefined {
  const row = (name: string) => locust.rows?.find((r) => r.name === name);
  const connect = row('connect');
  const ack = row('send_message (ack)');
  const delivery = row('new_message (delivery)');
  const d = locust.delivery;
  if (!connect && !ack && !d) return undefined;
  const why = 'not in the Locust CSV';
  return [
    count(connect?.requests, why),
    `${count(connect?.failures, why)} / ${NM("socket.io-client's own reconnects are not counted")}`,
    `${ms(connect?.avgMs, why)} / ${ms(connect?.p95Ms, why)}`,
    `${NM('Locust spaces sends by wait_time, it does not count offers')} / ${ack ? ack.rps.toFixed(1) : NM(why)} (over the whole run)`,
    `${count(d?.acked, 'no delivery summary in the Locust output')} / ${count(d?.sendFailed, 'no delivery summary')}`,
    count(d?.received, 'no delivery summary in the Locust output'),
    pct(d?.deliveryRate, 'no acknowledged messages', 3),
    delivery
      ? [delivery.avgMs, delivery.medianMs, delivery.p95Ms, delivery.p99Ms].map((v) => ms(v)).join(' / ')
      : NM('no new_message row in the Locust CSV'),
  ];
}

export function realtime(run: RunData): string {
  const scripts = run.scripts.filter((s) => s.realtime);
  const locust = run.locust ? locustValues(run.locust) : undefined;
  if (scripts.length === 0 && !locust) return '';
  const server = run.realtimeServer;
  const why = 'no chat metrics scraped for this job in the run window';
  const columns = scripts.map((s) => k6Values(s.realtime));
  if (locust) columns.push(locust);
  const rows = MEASURES.map((measure, i) => [measure, ...columns.map((c) => c[i])]);
  const head = ['Measure', ...scripts.map((s) => `k6 (${s.script})`), ...(locust ? ['Locust'] : [])];
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
    'Client side, per generator (k6 over `load-tests/lib/socketio.js`; Locust over python-socketio, `load-tests/chat/locustfile.py`): delivery rate counts, per message the sender saw acknowledged, whether its recipient received it by the end of the drain; latency is from the send time carried in the message.',
    '',
    table(head, rows),
    '',
    "Server side (the service's Prometheus metrics over the k6 runs; counts are `increase()` over 5 s scrapes, extrapolated at the edges, so approximate):",
    '',
    table(['Measure', 'Value'], serverRows),
  ].join('\n');
}
