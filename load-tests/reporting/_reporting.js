// Helpers for the reporting suite (files starting with "_" are not run by the bench).
import exec from 'k6/execution';
import http from 'k6/http';
import { assertLoopback, baseUrl, client, jsonOf, SYNTHETIC_HEADERS } from '../lib/http.js';

// BASE_URL (default http://127.0.0.1:3005) and AUTH_URL (default http://127.0.0.1:3001): loopback only.
export const api = client(baseUrl(3005));
export const auth = client(assertLoopback(__ENV.AUTH_URL || 'http://127.0.0.1:3001'));

/** The four endpoints' share of the traffic (003 lists them without a mix; the cheap one is read most). */
export const MIX = { metrics: 0.4, sroi: 0.2, vis: 0.2, cohort: 0.2 };
export const ENDPOINTS = Object.keys(MIX);

// The seeded history (apps/reporting/src/seed): SEED_COMPANIES companies named company-0001…,
// Zipf-skewed with s = 1.1, ending SEED_UNTIL. Keep these equal to the service's SEED_* env.
const COMPANIES = parseInt(__ENV.SEED_COMPANIES || '300', 10);
const UNTIL = __ENV.SEED_UNTIL || '2026-11-30';

/** Cumulative Zipf weights: a company is drawn as often as its share of the events. */
const CUMULATIVE = (() => {
  const w = Array.from({ length: COMPANIES }, (_, i) => 1 / Math.pow(i + 1, 1.1));
  const total = w.reduce((a, b) => a + b, 0);
  let sum = 0;
  return w.map((x) => (sum += x / total));
})();

export const companyOf = (index) => `company-${String(index + 1).padStart(4, '0')}`;

/** mulberry32 of the VU's number: the same VU reads the same company in every run. */
function unitOf(n) {
  let t = (n * 0x6d2b79f5 + 0x9e3779b9) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The company VU number `vu` works for, drawn by the companies' share of the events (Zipf):
 * company-0001 (the largest) for ~20 % of the users — traffic weighted toward large companies,
 * as 003 asks. A user reads only its own company, as a production user's token allows.
 */
export function companyForVu(vu) {
  const r = unitOf(vu);
  const i = CUMULATIVE.findIndex((c) => r < c);
  return companyOf(i < 0 ? COMPANIES - 1 : i);
}

function daysBefore(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
}

/** A dashboard's ranges: last 30 days, quarter, year (the year is the expensive one). */
const RANGES = [30, 90, 365].map((days) => `?from=${daysBefore(UNTIL, days - 1)}&to=${UNTIL}`);

export function pickRange() {
  return RANGES[Math.floor(Math.random() * RANGES.length)];
}

/** Route templates, so the report has one row per endpoint. */
export const ROUTES = {
  metrics: { path: (c) => `/v1/metrics/${c}`, name: 'GET /v1/metrics/:companyId' },
  sroi: { path: (c) => `/v1/metrics/${c}/sroi`, name: 'GET /v1/metrics/:companyId/sroi' },
  vis: { path: (c) => `/v1/metrics/${c}/vis`, name: 'GET /v1/metrics/:companyId/vis' },
  cohort: { path: (c) => `/v1/cohort/${c}/all`, name: 'GET /v1/cohort/:companyId/all' },
};

// Company readers: load-tests/reporting/seed.ts creates reader-<company>@perflab.test in auth,
// its companyId claim set, with READER_PASSWORD (the project's load-test password by default).
const READER_PASSWORD = __ENV.READER_PASSWORD || 'LoadTest123!';
export const readerEmail = (company) => `reader-${company}@perflab.test`;
/** Refresh a session's access token this long before it expires (auth: 15 min), as a dashboard would. */
const REFRESH_MARGIN_MS = 60000;

function sessionOf(company, res) {
  const body = jsonOf(res) || {};
  if (res.status !== 200 || !body.access_token)
    throw new Error(
      `setup: login as ${readerEmail(company)} answered ${res.status}: ${res.body} (was load-tests/reporting/seed.ts run?)`,
    );
  return {
    company,
    token: body.access_token,
    refresh: body.refresh_token,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}

/**
 * For setup(): one session per VU slot 1..count (VU n uses slot n), each logged in as its
 * company's reader — count sessions, not one per company, so no two VUs share a refresh token.
 * Logins go 10 at a time (argon2 on auth).
 */
export function readerSessions(count) {
  const companies = Array.from({ length: count }, (_, i) => companyForVu(i + 1));
  const sessions = [];
  for (let i = 0; i < companies.length; i += 10) {
    const chunk = companies.slice(i, i + 10);
    const responses = http.batch(
      chunk.map((company) => [
        'POST',
        `${auth.base}/auth/login`,
        JSON.stringify({ email: readerEmail(company), password: READER_PASSWORD }),
        { headers: { 'Content-Type': 'application/json', ...SYNTHETIC_HEADERS }, tags: { name: 'setup login' } },
      ]),
    );
    responses.forEach((res, j) => sessions.push(sessionOf(chunk[j], res)));
  }
  return sessions;
}

/** One reader's login, for a single user (the end-to-end probe). */
export function readerSession(company) {
  const res = auth.postJson(
    '/auth/login',
    { email: readerEmail(company), password: READER_PASSWORD },
    { name: 'setup login' },
  );
  return sessionOf(company, res);
}

/** The VU's session, its access token refreshed (rotating the refresh token) shortly before it expires. */
export function fresh(session) {
  if (Date.now() < session.expiresAt - REFRESH_MARGIN_MS) return session;
  const res = auth.postJson('/auth/refresh', { refresh_token: session.refresh }, { name: 'POST /auth/refresh' });
  const body = jsonOf(res) || {};
  if (res.status !== 200 || !body.access_token) return session; // the read then answers 401: counted there
  return {
    ...session,
    token: body.access_token,
    refresh: body.refresh_token,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}

/** This VU's reader session from setup's (slot = VU number), kept fresh; VU-local (k6 VUs share no state). */
let own = null;
export function vuSession(sessions) {
  own = fresh(own || sessions[(exec.vu.idInTest - 1) % sessions.length]);
  return own;
}

/** Every VU a set of k6 scenarios may start (ramping-vus start their peak's worth). */
export function maxVusOf(scenarios) {
  let total = 0;
  for (const sc of Object.values(scenarios)) {
    const targets = (sc.stages || []).map((st) => st.target);
    total += Math.max(sc.vus || 0, sc.startVUs || 0, sc.preAllocatedVUs || 0, sc.maxVUs || 0, ...targets);
  }
  return total;
}
