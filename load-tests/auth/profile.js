// The user profile service (001 §6.1: 1,000 req/s, p95 < 150 ms): an open model at a stated
// rate, 80 % public profiles (GET /users/:id) and 20 % own profile (GET /users/me with a
// bearer token), both served from Redis after the first read.
import { check } from 'k6';
import { requireHealthy } from '../lib/http.js';
import { constantRate, forProfile, level, smoke, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { accountCount, api, seedAccounts } from './_auth.js';

export const options = {
  scenarios: {
    profile: forProfile({
      smoke: smoke({ exec: 'profile', vus: 2, duration: '20s' }),
      load: constantRate({ exec: 'profile', rate: 1000, duration: '5m', maxVUs: 200 }),
      stress: constantRate({ exec: 'profile', rate: 1500, duration: '5m', maxVUs: 300 }),
      levels: level({ exec: 'profile', vus: 100, duration: '1m' }),
    }),
  },
  thresholds: thresholdsFor('auth', ['profile']),
  summaryTrendStats: SUMMARY_TREND_STATS,
  setupTimeout: '120s',
};

export function setup() {
  requireHealthy(api.base);
  return { accounts: seedAccounts(accountCount(10, 100), 'k6profile') };
}

export function profile(data) {
  const account = data.accounts[Math.floor(Math.random() * data.accounts.length)];
  const res =
    Math.random() < 0.8
      ? api.get(`/users/${account.id}`, { name: 'GET /users/:id' })
      : api.get('/users/me', { name: 'GET /users/me', token: account.token });
  check(res, { 'is status 200': (r) => r.status === 200 });
}
