// The hash-bound stress scenario (issue #14): 500 users each logging in every second, i.e. 500
// argon2id verifications a second — several times what 2 cores can hash. Latency here is the
// queue for the CPU, so it is not graded by a latency bar: targets.json's `login` is
// kind "hash_bound", graded as reached req/s ÷ the argon2 cost model's ceiling (report section
// "Password hashing: the cost model"). 001's "500 concurrent users < 200 ms" is session.js.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { forProfile, level, load, smoke, spike, stress, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { accountCount, api, PASSWORD, seedAccounts } from './_auth.js';

export const options = {
  scenarios: {
    login: forProfile({
      smoke: smoke({ exec: 'login', vus: 2, duration: '30s' }),
      load: load({ exec: 'login', target: 500, rampUp: '2m', duration: '5m', rampDown: '1m' }),
      stress: stress({ exec: 'login', peak: 500 }),
      spike: spike({ exec: 'login', baseline: 50, peak: 500 }),
      levels: level({ exec: 'login', vus: 500, duration: '1m' }),
    }),
  },
  thresholds: thresholdsFor('auth', ['login']),
  summaryTrendStats: SUMMARY_TREND_STATS,
  setupTimeout: '120s',
};

export function setup() {
  requireHealthy(api.base);
  // Smoke: 8 accounts keep 2 VUs under the default 30 logins/min per account.
  return { accounts: seedAccounts(accountCount(8, 100), 'k6login') };
}

export function login(data) {
  const accounts = data.accounts;
  const account = accounts[(exec.vu.idInTest + exec.vu.iterationInInstance) % accounts.length];
  const res = api.postJson('/auth/login', { email: account.email, password: PASSWORD }, { name: 'POST /auth/login' });
  check(res, {
    'is status 200': (r) => r.status === 200,
    'has access_token': (r) => typeof (jsonOf(r) || {}).access_token === 'string',
  });
  sleep(1);
}
