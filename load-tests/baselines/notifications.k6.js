// The notifications hottest-endpoint load (create) against the bare baseline: the create
// share of load-tests/notifications/notification-load-test.js (its MIX weight of the same
// shapes, 0.1 s think time, the same body), so service/baseline ratios compare like with like.
import { check, sleep } from 'k6';
import { client, baseUrl, requireHealthy } from '../lib/http.js';
import { SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { MIX, notificationFor, pick, uuid } from '../notifications/_notifications.js';
import { shapeFor } from '../notifications/_shapes.js';

const api = client(baseUrl(3102));
const THINK_SECONDS = parseFloat(__ENV.THINK_TIME || '0.1');
const USERS = Array.from({ length: parseInt(__ENV.USERS || '1000', 10) }, uuid);

export const options = {
  scenarios: { create: shapeFor('create', MIX.create) },
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
