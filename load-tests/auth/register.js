// 001 §1.1 auth_load_test.js, faithfully: POST /auth/register with {email, password, username},
// stages 2m → 100 VUs, 5m hold, 2m → 0, sleep(1) per iteration, check 201, p95 < 500 ms and
// < 1 % failed (from targets.json). 001 drew emails from Math.random()*10000, which collide
// (409) across VUs and runs; here they are unique by run id, VU id and iteration.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { requireHealthy } from '../lib/http.js';
import { uniqueEmail } from '../lib/ids.js';
import { forProfile, level, load, smoke, soak, spike, stress, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { api, PASSWORD } from './_auth.js';

export const options = {
  scenarios: {
    register: forProfile({
      smoke: smoke({ exec: 'register', vus: 2, duration: '30s' }),
      load: load({ exec: 'register', target: 100, rampUp: '2m', duration: '5m', rampDown: '2m' }),
      stress: stress({ exec: 'register', peak: 100 }),
      spike: spike({ exec: 'register', baseline: 10, peak: 100 }),
      soak: soak({ exec: 'register', target: 50 }),
      levels: level({ exec: 'register', vus: 100, duration: '1m' }),
    }),
  },
  thresholds: thresholdsFor('auth', ['register']),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

export function register() {
  const payload = {
    email: uniqueEmail('k6reg'),
    password: PASSWORD,
    username: `user${exec.vu.idInTest}-${exec.vu.iterationInInstance}`,
  };
  const res = api.postJson('/auth/register', payload, { name: 'POST /auth/register' });
  check(res, { 'is status 201': (r) => r.status === 201 });
  sleep(1);
}
