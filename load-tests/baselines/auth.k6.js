// The auth hottest-endpoint load (profile read) against the bare baseline. The same shapes the
// auth suite uses, so service/baseline ratios compare like with like.
import { check } from 'k6';
import { client, baseUrl, requireHealthy } from '../lib/http.js';
import { thresholdsFor } from '../lib/targets.js';
import { smoke, constantRate, load, level, forProfile, SUMMARY_TREND_STATS } from '../lib/profiles.js';

const api = client(baseUrl(3101));
const USERS = 1000;

export const options = {
  scenarios: {
    profile: forProfile({
      smoke: smoke({ exec: 'profile', vus: 2, duration: '20s' }),
      load: constantRate({ exec: 'profile', rate: 1000, duration: '5m', maxVUs: 200 }),
      stress: load({ exec: 'profile', target: 150, duration: '5m' }),
      levels: level({ exec: 'profile', vus: 100, duration: '1m' }),
    }),
  },
  thresholds: thresholdsFor('auth', ['profile']),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

export function profile() {
  const id = Math.floor(Math.random() * USERS);
  const res = api.get(`/users/${id}`, { name: 'GET /users/:id' });
  check(res, { 'status 200': (r) => r.status === 200 });
}
