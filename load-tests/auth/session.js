// 001 §6.1 "auth handles 500 concurrent users with < 200 ms", as 500 users of a real application
// use it: each VU logs in once (one argon2id verification), then, for the rest of the run, reads
// profiles — its own (GET /users/me, bearer token) and others' (GET /users/:id) — about once a
// second, and refreshes its token pair every REFRESH_EVERY iterations (rotation: each refresh
// answers a new refresh token, which the VU keeps). A login again only if the session is lost.
// Every request of the session is graded by 001's bar (p95 < 200 ms). The hash-bound "everyone
// logs in every second" load is login.js, a stress scenario graded against the argon2 cost model.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { forProfile, level, load, smoke, spike, stress, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { accountCount, api, PASSWORD, seedAccounts } from './_auth.js';

// Access tokens live 15 min (JWT_ACCESS_TTL_SECONDS); a run lasts minutes, so refreshes are
// compressed to every ~30 s per user to be exercised at all (still 1 request in 30).
const REFRESH_EVERY = parseInt(__ENV.REFRESH_EVERY || '30', 10);
const THINK_SECONDS = parseFloat(__ENV.THINK_TIME || '1');

export const options = {
  scenarios: {
    session: forProfile({
      smoke: smoke({ exec: 'session', vus: 2, duration: '30s' }),
      load: load({ exec: 'session', target: 500, rampUp: '2m', duration: '5m', rampDown: '1m' }),
      stress: stress({ exec: 'session', peak: 500 }),
      spike: spike({ exec: 'session', baseline: 50, peak: 500 }),
      levels: level({ exec: 'session', vus: 500, duration: '1m' }),
    }),
  },
  thresholds: thresholdsFor('auth', ['session']),
  summaryTrendStats: SUMMARY_TREND_STATS,
  setupTimeout: '120s',
};

export function setup() {
  requireHealthy(api.base);
  // Smoke: 8 accounts keep 2 VUs under the default per-account login limit.
  return { accounts: seedAccounts(accountCount(8, 100), 'k6session') };
}

// One session per VU (k6 VUs do not share module state).
let current = null;

function logIn(account) {
  const res = api.postJson(
    '/auth/login',
    { email: account.email, password: PASSWORD },
    { name: 'POST /auth/login (session start)' },
  );
  const body = jsonOf(res) || {};
  const ok = check(res, { 'login: is status 200': (r) => r.status === 200 && typeof body.access_token === 'string' });
  return ok ? { access: body.access_token, refresh: body.refresh_token, iterations: 0 } : null;
}

function refresh(session) {
  const res = api.postJson('/auth/refresh', { refresh_token: session.refresh }, { name: 'POST /auth/refresh' });
  const body = jsonOf(res) || {};
  const ok = check(res, {
    'refresh: is status 200': (r) => r.status === 200 && typeof body.refresh_token === 'string',
  });
  return ok ? { ...session, access: body.access_token, refresh: body.refresh_token } : null;
}

export function session(data) {
  const accounts = data.accounts;
  if (!current) {
    current = logIn(accounts[exec.vu.idInTest % accounts.length]);
    if (!current) return sleep(THINK_SECONDS);
  }
  current.iterations++;
  if (current.iterations % REFRESH_EVERY === 0) {
    current = refresh(current);
    if (!current) return sleep(THINK_SECONDS);
  }
  const res =
    Math.random() < 0.5
      ? api.get('/users/me', { name: 'GET /users/me', token: current.access })
      : api.get(`/users/${accounts[Math.floor(Math.random() * accounts.length)].id}`, { name: 'GET /users/:id' });
  check(res, { 'profile: is status 200': (r) => r.status === 200 });
  sleep(THINK_SECONDS);
}
