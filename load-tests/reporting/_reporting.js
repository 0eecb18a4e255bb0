// Helpers for the reporting suite (files starting with "_" are not run by the bench).
import { baseUrl, client } from '../lib/http.js';
import { obtainToken as tokenFromAuth } from '../lib/tokens.js';

// BASE_URL (default http://127.0.0.1:3005): loopback only. Tokens come from auth (AUTH_URL, lib/tokens.js).
export const api = client(baseUrl(3005));

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

/** company-0001 (the largest) most often: traffic weighted toward large companies, as 003 asks. */
export function pickCompany() {
  const r = Math.random();
  let i = CUMULATIVE.findIndex((c) => r < c);
  if (i < 0) i = COMPANIES - 1;
  return `company-${String(i + 1).padStart(4, '0')}`;
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

/** An ADMIN's token from the bench (it may read every company); a fresh user has no company, so every report answers 403. */
export const obtainToken = () => tokenFromAuth({ prefix: 'reporting', name: 'Reporting Load Test' });
