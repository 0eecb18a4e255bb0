// 001 §1.2 "Real-time Messaging Load Test": many concurrent socket.io connections, every user
// sending to a partner, every acknowledged message counted at its recipient. Built on
// ../lib/socketio.js (Engine.IO v4 / socket.io v5 over k6/websockets): each VU holds
// SOCKETS_PER_VU connections on its event loop. See README.md for the method.
import exec from 'k6/execution';
import { Counter, Gauge, Trend } from 'k6/metrics';
import { clearTimeout, setTimeout } from 'k6/timers';
import { e2eDelivered, e2eLatency } from '../lib/async.js';
import { baseUrl, requireHealthy } from '../lib/http.js';
import { RUN_ID, uuid } from '../lib/ids.js';
import { PROFILE, SUMMARY_TREND_STATS, VU_SCALE, dur, hold, seconds } from '../lib/profiles.js';
import { connectSocketIo, socketIoUrl } from '../lib/socketio.js';
import { targetsFor, thresholdsFor } from '../lib/targets.js';
import { accessToken } from './_tokens.js';

const BASE = baseUrl(3003);
const WS_URL = socketIoUrl(BASE);

// Connections are the document's (10,000 at load; 150 % at stress, 001 §6.2), scaled by
// VU_SCALE; ramp spreads the handshakes; hold is the phase in which everyone sends.
const SHAPES = {
  smoke: { connections: 20, perVu: 10, ramp: '5s', hold: '20s' },
  load: { connections: 10_000, perVu: 100, ramp: '60s', hold: '3m' },
  stress: { connections: 15_000, perVu: 100, ramp: '90s', hold: '3m' },
  soak: { connections: 10_000, perVu: 100, ramp: '60s', hold: '30m' },
  // The bench's --profile levels: the load's connections, each level offering LEVEL_VUS msg/s (below).
  levels: { connections: 10_000, perVu: 100, ramp: '60s', hold: '2m' },
};
const shape = SHAPES[PROFILE];
if (!shape) throw new Error(`chat: profile "${PROFILE}" not defined here (have: ${Object.keys(SHAPES).join(', ')})`);

const even = (n) => Math.max(2, 2 * Math.round(n / 2));
const CONNECTIONS = even(PROFILE === 'smoke' ? shape.connections : shape.connections * VU_SCALE);
const PER_VU = even(Math.min(parseInt(__ENV.SOCKETS_PER_VU || shape.perVu, 10), CONNECTIONS));
const VUS = Math.ceil(CONNECTIONS / PER_VU);
const RAMP_MS = seconds(dur(shape.ramp)) * 1000;
const HOLD_MS = seconds(hold(shape.hold)) * 1000;
/** After the last send, how long recipients may take to receive everything acknowledged. */
const DRAIN_MS = parseInt(__ENV.DRAIN_MS || '10000', 10);
/**
 * The offered send rate. By default each user waits uniformly 1–3 s between messages, like
 * 001's Locust `between(1, 3)` (about CONNECTIONS / 2 messages/s in all). MSG_RATE (messages/s,
 * all users together) sets it instead, at the same connection count: each user waits uniformly
 * 0.5–1.5 × CONNECTIONS / MSG_RATE s. The bench's levels profile sets it from LEVEL_VUS, so its
 * levels step the send rate at a fixed connection count.
 */
const MSG_RATE = parseFloat(__ENV.MSG_RATE || (PROFILE === 'levels' ? __ENV.LEVEL_VUS : '') || '0');
if (!(MSG_RATE >= 0))
  throw new Error(`chat: MSG_RATE must be a number of messages per second, got "${__ENV.MSG_RATE}"`);
const MEAN_WAIT_MS = MSG_RATE > 0 ? (CONNECTIONS / MSG_RATE) * 1000 : 2000;
const WAIT_MIN_MS = MSG_RATE > 0 ? MEAN_WAIT_MS * 0.5 : 1000;
const WAIT_MAX_MS = MSG_RATE > 0 ? MEAN_WAIT_MS * 1.5 : 3000;
/** After the sending phase, how long the last sends' acks may take before the drain check starts. */
const SETTLE_MS = 3000;

const connectMs = new Trend('chat_connect_ms', true);
const connects = new Counter('chat_connects');
const connectFailures = new Counter('chat_connect_failures');
const reconnects = new Counter('chat_reconnects');
const offered = new Counter('chat_messages_offered');
const sendWindow = new Gauge('chat_send_window_s');
const offeredRate = new Gauge('chat_offered_rate');
const sent = new Counter('chat_messages_sent');
const sendFailures = new Counter('chat_messages_send_failed');
const received = new Counter('chat_messages_received');
const DELIVERY = { scenario: 'delivery' };

function connectThresholds() {
  const bars = targetsFor('chat', 'connect').latency_ms || {};
  return { chat_connect_ms: Object.entries(bars).map(([k, v]) => `${k === 'avg' ? 'avg' : `p(${k.slice(1)})`}<${v}`) };
}

export const options = {
  scenarios: {
    // Named after the targets.json scenario its thresholds grade (delivery: e2e_* tagged scenario:delivery).
    delivery: {
      executor: 'per-vu-iterations',
      exec: 'chat',
      vus: VUS,
      iterations: 1,
      maxDuration: `${Math.ceil((RAMP_MS + HOLD_MS + DRAIN_MS) / 1000) + 60}s`,
      gracefulStop: '10s',
    },
  },
  thresholds: {
    ...thresholdsFor('chat', ['delivery']),
    ...connectThresholds(),
    chat_connect_failures: ['count<1'],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(BASE);
  // For the report: offered and acknowledged messages per second of the sending phase.
  sendWindow.add(HOLD_MS / 1000);
  offeredRate.add(MSG_RATE > 0 ? MSG_RATE : CONNECTIONS / (MEAN_WAIT_MS / 1000));
  return { connections: CONNECTIONS, vus: VUS, perVu: PER_VU, msgRate: MSG_RATE || null };
}

const between = (min, max) => min + Math.random() * (max - min);

/**
 * One VU: PER_VU users in pairs (user 2k writes to 2k+1 and back, one chat per pair). Connect
 * spread over the ramp; everyone sends from the same moment (the end of the ramp: all
 * recipients connected) for the hold; then drain; then count, per acknowledged message,
 * whether its recipient received it.
 */
export async function chat() {
  const vu = exec.vu.idInTest;
  const count = Math.min(PER_VU, CONNECTIONS - (vu - 1) * PER_VU);
  const sendFrom = exec.scenario.startTime + RAMP_MS;
  const sendUntil = sendFrom + HOLD_MS;
  const users = [];
  for (let i = 0; i < count; i++) {
    const id = uuid();
    users.push({ id, token: await accessToken(id, Math.ceil((RAMP_MS + HOLD_MS + DRAIN_MS) / 1000) + 600) });
  }
  for (let i = 0; i < count; i++) {
    const partner = users[i ^ 1] || users[i];
    users[i].partner = partner;
    users[i].chatId = `lt-${RUN_ID}-${vu}-${i >> 1}`;
    users[i].seen = {};
    users[i].expected = [];
  }

  let stopping = false;
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.max(0, ms),
    );
    timers.add(t);
  };

  const onMessage = (user, message) => {
    if (!message || user.seen[message.messageId]) return;
    user.seen[message.messageId] = true;
    user.lastSeen = message.messageId;
    received.add(1);
    let body;
    try {
      body = JSON.parse(message.message);
    } catch {
      return;
    }
    e2eLatency.add(Date.now() - body.t, DELIVERY);
  };

  const open = (user, isReconnect) => {
    const started = Date.now();
    user.client = connectSocketIo(WS_URL, {
      auth: { token: user.token, lastSeenMessageId: user.lastSeen },
      onConnect: () => {
        if (isReconnect) reconnects.add(1);
        else connectMs.add(Date.now() - started);
        connects.add(1);
      },
      onConnectError: (error) => {
        connectFailures.add(1, { code: (error.data && error.data.code) || 'UNKNOWN' });
      },
      onEvent: (name, args) => {
        if (name === 'new_message') onMessage(user, args[0]);
        // The service has joined the socket to its room and sent what it missed: ready to be written to.
        else if (name === 'caught_up') user.ready = true;
      },
      onClose: () => {
        user.ready = false;
        // Dropped by the server (restart, overload): come back and catch up, as an app would.
        if (!stopping) later(500 + Math.random() * 1000, () => open(user, true));
      },
    });
  };

  const sendOne = (user) => {
    if (Date.now() >= sendUntil) return;
    offered.add(1);
    const messageId = uuid();
    const payload = {
      recipientId: user.partner.id,
      chatId: user.chatId,
      message: JSON.stringify({ id: messageId, t: Date.now() }),
      messageId,
    };
    user.client.emit('send_message', payload, (error, args) => {
      const ack = args && args[0];
      if (error || !ack || ack.error) {
        sendFailures.add(1, { code: error ? 'NO_ACK' : (ack && ack.error && ack.error.code) || 'UNKNOWN' });
      } else {
        sent.add(1);
        user.partner.expected.push(messageId);
      }
    });
    later(between(WAIT_MIN_MS, WAIT_MAX_MS), () => sendOne(user));
  };

  const spacing = RAMP_MS / count;
  users.forEach((user, i) => later(i * spacing + Math.random() * spacing, () => open(user, false)));
  // Everyone starts at the end of the ramp, and not before every user of this VU (every
  // recipient of its messages) is connected and caught up.
  const startSending = () => {
    if (Date.now() < sendUntil && !users.every((u) => u.ready)) return later(100, startSending);
    users.forEach((user) => later(Math.random() * WAIT_MAX_MS, () => sendOne(user)));
  };
  later(sendFrom - Date.now(), startSending);

  // Drain: stop when every acknowledged message has arrived, or DRAIN_MS after the last send.
  await new Promise((resolve) => {
    const drainUntil = sendUntil + SETTLE_MS + DRAIN_MS;
    const check = () => {
      const missing = users.some((u) => u.expected.some((id) => !u.seen[id]));
      if ((Date.now() > sendUntil + SETTLE_MS && !missing) || Date.now() > drainUntil) resolve();
      else later(250, check);
    };
    later(sendUntil - Date.now() + 250, check);
  });

  stopping = true;
  for (const user of users) {
    for (const id of user.expected) e2eDelivered.add(user.seen[id] ? 1 : 0, DELIVERY);
    if (user.client) user.client.close();
  }
  for (const t of timers) clearTimeout(t);
  timers.clear();
}
