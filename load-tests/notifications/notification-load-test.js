// The 002 guide's notification-load-test.js, runnable against perflab's notifications service.
//
//   k6 run -e SCENARIO=smoke load-tests/notifications/notification-load-test.js
//   k6 run -e SCENARIO=load  -e AUTH_TOKEN=$AUTH_TOKEN load-tests/notifications/notification-load-test.js
//   k6 run --vus 1000 --duration 10m load-tests/notifications/notification-load-test.js   (incremental levels)
//
// k6 has no --scenario flag: the guide's `--scenario smoke` is `-e SCENARIO=smoke` (PROFILE works too).
// Scenarios: smoke, load (100 → 500 VUs), stress, spike, soak, levels (LEVEL_VUS), rate (open
// model: the mix at 002 level 1's ~1,000 req/s × RATE_SCALE, each operation's share in
// targets.json). A real client population's mix (MIX in _notifications.js): create 30 %, read 25 %, list 20 %, unread count 15 %,
// mark read 10 %, each operation its own k6 scenario sharing the VUs by weight, plus one VU that
// follows notifications to SENT (e2e delivery latency). `--vus/--duration` on the command line
// replace the scenarios with `default`, which draws the same mix per iteration.
// Thresholds come from load-tests/targets.json (suite "notifications"), per operation tag `op`.
import { check, sleep } from 'k6';
import { awaitEffect } from '../lib/async.js';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { alongside, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { uuid } from '../lib/ids.js';
import { api, claimsOf, MIX, notificationFor, obtainToken, OPERATIONS, pick } from './_notifications.js';
import { profileName, shapeFor } from './_shapes.js';

const PROFILE = profileName();
// ~10 req/s per VU, the guide's ratio; none in the open model (`rate`), where k6 paces the arrivals.
const THINK_SECONDS = parseFloat(__ENV.THINK_TIME || (PROFILE === 'rate' ? '0' : '0.1'));
const USERS = parseInt(__ENV.USERS || '1000', 10); // synthetic recipients when the token is an ADMIN's
const SEED = parseInt(__ENV.SEED || (PROFILE === 'smoke' ? '50' : '500'), 10);

function scenarios() {
  const out = {};
  for (const op of OPERATIONS) out[op] = shapeFor(op, MIX[op]);
  // One VU follows notifications to SENT for as long as the load runs, whatever the profile.
  out.delivery = alongside(out.create, { exec: 'delivery' });
  return out;
}

export const options = {
  scenarios: scenarios(),
  thresholds: {
    ...thresholdsFor('notifications', OPERATIONS, { profile: PROFILE, tagKey: 'op' }),
    // Delivery is asynchronous: graded by its own bar (p95 accepted → SENT < 5 s). Its thresholds are
    // taken without the profile's overrides, which targets.js would otherwise merge in (smoke's 100 ms
    // HTTP bar is not a delivery bar).
    ...thresholdsFor('notifications', ['delivery'], { profile: 'load', tagKey: 'op' }),
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
  setupTimeout: '120s',
};

export function setup() {
  const health = requireHealthy(api.base);
  if (health.status !== 'ok') throw new Error(`notifications is not healthy: ${JSON.stringify(health)}`);
  const token = obtainToken();
  const claims = claimsOf(token);
  const users = claims.role === 'ADMIN' ? Array.from({ length: USERS }, uuid) : [claims.sub];
  // Something to read, list and mark from the first second: SEED notifications in batches of 100.
  const seeded = [];
  for (let start = 0; start < SEED; start += 100) {
    const batch = [];
    for (let i = start; i < Math.min(SEED, start + 100); i++) batch.push(notificationFor(users[i % users.length], i));
    const res = api.postJson(
      '/notifications/batch',
      { notifications: batch },
      { token, name: 'setup POST /notifications/batch' },
    );
    if (res.status !== 202) throw new Error(`setup: POST /notifications/batch answered ${res.status}: ${res.body}`);
    jsonOf(res).items.forEach((item, i) => seeded.push({ id: item.id, userId: batch[i].userId }));
  }
  return { token, users, seeded, role: claims.role };
}

const tagged = (op, name) => ({ name, tags: { op } });

export function create(data) {
  const body = notificationFor(pick(data.users), __ITER);
  const res = api.postJson('/notifications', body, { token: data.token, ...tagged('create', 'POST /notifications') });
  check(res, { 'create: is status 202': (r) => r.status === 202 }, { op: 'create' });
  sleep(THINK_SECONDS);
}

export function list(data) {
  const res = api.get(`/notifications?userId=${pick(data.users)}&take=20`, {
    token: data.token,
    ...tagged('list', 'GET /notifications'),
  });
  check(res, { 'list: is status 200': (r) => r.status === 200 }, { op: 'list' });
  sleep(THINK_SECONDS);
}

export function read(data) {
  const res = api.get(`/notifications/${pick(data.seeded).id}`, {
    token: data.token,
    ...tagged('read', 'GET /notifications/:id'),
  });
  check(res, { 'read: is status 200': (r) => r.status === 200 }, { op: 'read' });
  sleep(THINK_SECONDS);
}

export function mark_read(data) {
  const res = api.patchJson(
    `/notifications/${pick(data.seeded).id}/read`,
    {},
    { token: data.token, ...tagged('mark_read', 'PATCH /notifications/:id/read') },
  );
  check(res, { 'mark_read: is status 200': (r) => r.status === 200 }, { op: 'mark_read' });
  sleep(THINK_SECONDS);
}

export function unread_count(data) {
  const res = api.get(`/users/${pick(data.users)}/notifications/unread-count`, {
    token: data.token,
    ...tagged('unread_count', 'GET /users/:userId/notifications/unread-count'),
  });
  check(res, { 'unread_count: is status 200': (r) => r.status === 200 }, { op: 'unread_count' });
  sleep(THINK_SECONDS);
}

/** Accepted → SENT, as a client polling its notification would see it. */
export function delivery(data) {
  const body = { ...notificationFor(pick(data.users), __ITER), channel: 'IN_APP' };
  const acceptedAt = Date.now();
  const res = api.postJson('/notifications', body, {
    token: data.token,
    ...tagged('delivery', 'POST /notifications (delivery)'),
  });
  if (res.status !== 202) return;
  const id = jsonOf(res).id;
  awaitEffect(
    acceptedAt,
    () => {
      const got = api.get(`/notifications/${id}`, {
        token: data.token,
        ...tagged('delivery', 'GET /notifications/:id (delivery)'),
      });
      return got.status === 200 && jsonOf(got).status === 'SENT';
    },
    { timeoutMs: 10000, intervalMs: 100, tags: { op: 'delivery' } },
  );
  sleep(1);
}

const BY_NAME = { create, list, read, mark_read, unread_count };

/** `k6 run --vus N --duration D` (the guide's incremental levels): the same mix, drawn per iteration. */
export default function (data) {
  let r = Math.random();
  for (const op of OPERATIONS) {
    if ((r -= MIX[op]) < 0) return BY_NAME[op](data);
  }
  return create(data);
}
