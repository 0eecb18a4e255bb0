// The notifications hottest-endpoint load (create) against the bare baseline: the create
// share of load-tests/notifications/notification-load-test.js (30 % of its VUs, 0.1 s think
// time, the same body), so service/baseline ratios compare like with like.
import { check, sleep } from 'k6';
import { client, baseUrl, requireHealthy } from '../lib/http.js';
import { dur, hold, smoke, vus, forProfile, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { notificationFor, pick, uuid } from '../notifications/_notifications.js';

const api = client(baseUrl(3102));
const THINK_SECONDS = parseFloat(__ENV.THINK_TIME || '0.1');
const USERS = Array.from({ length: parseInt(__ENV.USERS || '1000', 10) }, uuid);
const SHARE = 0.3; // MIX.create in _notifications.js

function ramp(startVUs, stages) {
  const share = (total) => (total === 0 ? 0 : Math.max(1, Math.round(vus(total) * SHARE)));
  return {
    executor: 'ramping-vus',
    exec: 'create',
    startVUs: share(startVUs),
    gracefulRampDown: '10s',
    gracefulStop: '10s',
    stages: stages.map(([d, target, isHold]) => ({ duration: isHold ? hold(d) : dur(d), target: share(target) })),
  };
}

export const options = {
  scenarios: {
    create: forProfile({
      smoke: smoke({ exec: 'create', vus: 1, duration: '30s' }),
      load: ramp(0, [
        ['1m', 100],
        ['3m', 100, true],
        ['2m', 500],
        ['5m', 500, true],
        ['1m', 0],
      ]),
      stress: ramp(0, [
        ['2m', 500],
        ['2m', 1000],
        ['5m', 1500, true],
        ['2m', 0],
      ]),
      spike: ramp(100, [
        ['1m', 100],
        ['10s', 1000],
        ['3m', 1000, true],
        ['10s', 100],
        ['3m', 100],
        ['10s', 0],
      ]),
      // level() would take LEVEL_VUS whole; the baseline gets the create share of it.
      levels: {
        executor: 'constant-vus',
        exec: 'create',
        gracefulStop: '10s',
        vus: Math.max(1, Math.round((__ENV.LEVEL_VUS ? parseInt(__ENV.LEVEL_VUS, 10) : vus(100)) * SHARE)),
        duration: hold('5m'),
      },
    }),
  },
  thresholds: thresholdsFor('notifications', ['create']),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

export function create() {
  const res = api.postJson('/notifications', notificationFor(pick(USERS), __ITER), { name: 'POST /notifications' });
  check(res, { 'create: is status 202': (r) => r.status === 202 });
  sleep(THINK_SECONDS);
}
