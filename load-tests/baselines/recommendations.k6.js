// The recommendations load against the bare baseline: the same two scenarios as
// load-tests/recommendations/recommendations-load-test.js (000's 3 POST : 1 GET, 1–2 s waits,
// the same shapes and seeded ids), so service/baseline ratios compare like with like, per endpoint.
import { check, sleep } from 'k6';
import { client, baseUrl, requireHealthy } from '../lib/http.js';
import { SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import {
  MIX,
  profile,
  randomAction,
  randomProduct,
  randomUser,
  shape,
  waitSeconds,
} from '../recommendations/_recommendations.js';

const api = client(baseUrl(3100));

export const options = {
  scenarios: {
    behavior: shape('behavior', MIX.behavior),
    recommendations: shape('recommendations', MIX.recommendations),
  },
  thresholds: thresholdsFor('recommendations', ['behavior', 'recommendations'], { profile: profile(), tagKey: 'op' }),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

export function behavior() {
  const body = { userId: randomUser(), productId: randomProduct(), action: randomAction() };
  const res = api.postJson('/api/user-behavior', body, { name: 'POST /api/user-behavior', tags: { op: 'behavior' } });
  check(res, { 'behavior: is status 202': (r) => r.status === 202 }, { op: 'behavior' });
  sleep(waitSeconds());
}

export function recommendations() {
  const res = api.get(`/api/recommendations/${randomUser()}?limit=10`, {
    name: 'GET /api/recommendations/:userId',
    tags: { op: 'recommendations' },
  });
  check(res, { 'recommendations: is status 200': (r) => r.status === 200 }, { op: 'recommendations' });
  sleep(waitSeconds());
}
