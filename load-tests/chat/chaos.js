// The chaos load for chat (npm run bench -- chat --profile chaos): CHAOS_USERS users in pairs,
// each user with SOCKETS_PER_USER sockets, sending CHAOS_RATE messages/s in all while the bench
// faults the service's dependencies. The client is an honest app: it picks each message's id,
// retries a send that got no ack or a 503 with the same id (after retryAfterMs), reconnects a
// dropped socket with auth.lastSeenMessageId (catch-up) and dedupes by id.
//
// Three kinds of console line, read back by the bench (tools/bench/src/chaos/ledgers/chat.ts):
//   chaos <ms> send|resend <status> <retry-after|-> <ms> <messageId> <messageId|->  every ack
//     (lib/chaos.js; 200 = acknowledged, else the error ack's status, 0 = no ack in time)
//   socket <ms> <userId> <socket#>          a socket exists (its user's messages must reach it)
//   receipt <ms> <messageId> <userId> <socket#>   that socket got new_message (first time only)
import exec from 'k6/execution';
import { clearTimeout, setTimeout } from 'k6/timers';
import { recordAnswer } from '../lib/chaos.js';
import { baseUrl, requireHealthy } from '../lib/http.js';
import { RUN_ID, uuid } from '../lib/ids.js';
import { SUMMARY_TREND_STATS, seconds } from '../lib/profiles.js';
import { connectSocketIo, socketIoUrl } from '../lib/socketio.js';
import { accessToken } from './_tokens.js';

const BASE = baseUrl(3003);
const WS_URL = socketIoUrl(BASE);
const RATE = parseFloat(__ENV.CHAOS_RATE || '10');
const DURATION_MS = seconds(__ENV.CHAOS_DURATION || '60s') * 1000;
const USERS = 2 * Math.max(1, Math.round(parseInt(__ENV.CHAOS_USERS || '20', 10) / 2));
const SOCKETS_PER_USER = parseInt(__ENV.SOCKETS_PER_USER || '2', 10);
const VUS = Math.min(4, USERS / 2);
const ACK_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 5;

export const options = {
  scenarios: {
    chaos: {
      executor: 'per-vu-iterations',
      exec: 'chaos',
      vus: VUS,
      iterations: 1,
      maxDuration: `${Math.ceil(DURATION_MS / 1000) + 60}s`,
      gracefulStop: '15s',
    },
  },
  // No thresholds: the bench grades the run (ledger, 5xx, recovery), not k6.
  summaryTrendStats: SUMMARY_TREND_STATS,
  setupTimeout: '120s',
};

export function setup() {
  requireHealthy(BASE);
}

/** The retry delay an error ack names (h1: 503 carries retryAfterMs), as Retry-After seconds. */
const retryAfterOf = (error) =>
  error && typeof error.retryAfterMs === 'number'
    ? String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)))
    : undefined;

/** One VU: its share of the pairs (user 2k ↔ 2k+1, one chat per pair), every user with several sockets. */
export async function chaos() {
  const vu = exec.vu.idInTest;
  const perVu = Math.ceil(USERS / 2 / VUS) * 2;
  const count = Math.max(0, Math.min(perVu, USERS - (vu - 1) * perVu));
  const until = Date.now() + DURATION_MS;
  const users = [];
  for (let i = 0; i < count; i++) {
    const id = uuid();
    users.push({
      id,
      token: await accessToken(id, Math.ceil(DURATION_MS / 1000) + 600),
      sockets: [],
    });
  }
  users.forEach((user, i) => {
    user.partner = users[i ^ 1] || user;
    user.chatId = `chaos-${RUN_ID}-${vu}-${i >> 1}`;
  });

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

  // Each socket is a device: it remembers what it saw across reconnects (per device, not per
  // user: another device having seen a message says nothing about this one).
  const open = (user, n) => {
    const socket = user.sockets[n] || (user.sockets[n] = { n, seen: {}, lastSeen: undefined });
    socket.ready = false;
    socket.client = connectSocketIo(WS_URL, {
      auth: { token: user.token, lastSeenMessageId: socket.lastSeen },
      onEvent: (name, args) => {
        if (name === 'caught_up') socket.ready = true;
        if (name !== 'new_message' || !args[0]) return;
        const id = args[0].messageId;
        if (socket.seen[id]) return;
        socket.seen[id] = true;
        socket.lastSeen = id;
        console.log(`receipt ${Date.now()} ${id} ${user.id} ${n}`);
      },
      onClose: () => {
        socket.ready = false;
        // Dropped (a killed worker, a restart): come back and catch up, as an app would.
        if (Date.now() < until) later(300 + Math.random() * 700, () => open(user, n));
      },
    });
  };

  const send = (user, payload, attempt) => {
    const socket = user.sockets.find((s) => s && s.ready);
    const op = attempt === 1 ? 'send' : 'resend';
    const started = Date.now();
    const retry = (ms) => {
      if (attempt < MAX_ATTEMPTS) later(ms, () => send(user, payload, attempt + 1));
    };
    if (!socket) {
      recordAnswer(op, { status: 0, durationMs: 0 }, { key: payload.messageId });
      return retry(1000);
    }
    socket.client.emit(
      'send_message',
      payload,
      (error, args) => {
        const ack = args && args[0];
        const durationMs = Date.now() - started;
        if (!error && ack && !ack.error) {
          recordAnswer(op, { status: 200, durationMs }, { key: payload.messageId, id: ack.messageId });
          return;
        }
        const status = error || !ack ? 0 : ack.error.status || 500;
        const retryAfter = ack && ack.error ? retryAfterOf(ack.error) : undefined;
        recordAnswer(op, { status, retryAfter, durationMs }, { key: payload.messageId });
        // No ack, or a dependency down: the same message again (same id: stored once). A 4xx is final.
        if (status === 0 || status >= 500) retry(retryAfter ? Number(retryAfter) * 1000 : 1000);
      },
      ACK_TIMEOUT_MS,
    );
  };

  const mean = (USERS / RATE) * 1000;
  const tick = (user) => {
    if (Date.now() >= until) return;
    const messageId = uuid();
    send(user, { recipientId: user.partner.id, chatId: user.chatId, message: `chaos ${messageId}`, messageId }, 1);
    later(mean * (0.5 + Math.random()), () => tick(user));
  };

  for (const user of users) {
    for (let n = 0; n < SOCKETS_PER_USER; n++) {
      console.log(`socket ${Date.now()} ${user.id} ${n}`);
      open(user, n);
    }
  }
  // Everyone sends once every socket of this VU has caught up (every recipient is listening).
  const start = () => {
    if (!users.every((u) => u.sockets.every((s) => s.ready))) return later(100, start);
    users.forEach((user) => later(Math.random() * mean, () => tick(user)));
  };
  start();

  await new Promise((resolve) => later(until - Date.now() + 5000, resolve));
  for (const user of users) for (const s of user.sockets) s.client.close();
  for (const t of timers) clearTimeout(t);
  timers.clear();
}
