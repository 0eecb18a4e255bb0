// The 000 document's Locust run as a k6 script, against perflab's recommendations service.
//
//   k6 run -e PROFILE=load load-tests/recommendations/recommendations-load-test.js   (the document's run)
//   npm run bench -- recommendations --profile load                                  (the same, graded)
//
// Each VU is one Locust user that waits 1–2 s (Locust between(1, 2)) after each request, ~0.65
// req/s per user; Locust's task weights 3 : 1 become two scenarios sharing the users 3 : 1
// (behavior, recommendations — the targets.json scenarios, so each is graded by its bars).
// Ids are the seed's (seed.ts). One more VU follows the async path: a new user's behaviour → that user's answer
// turns personal (e2e_latency_ms, scenario "reflected").
// Thresholds come from load-tests/targets.json (suite "recommendations"), per operation tag `op`.
import { check, sleep } from 'k6';
import { awaitEffect } from '../lib/async.js';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { uniqueId } from '../lib/ids.js';
import { alongside, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import {
  api,
  bestseller,
  MIX,
  profile,
  randomAction,
  randomProduct,
  randomUser,
  shape,
  waitSeconds,
} from './_recommendations.js';

const PROFILE = profile();
const scenarios = {
  behavior: shape('behavior', MIX.behavior),
  recommendations: shape('recommendations', MIX.recommendations),
};

export const options = {
  scenarios: { ...scenarios, reflected: alongside(scenarios.behavior, { exec: 'reflected' }) },
  thresholds: {
    ...thresholdsFor('recommendations', ['behavior', 'recommendations'], { profile: PROFILE, tagKey: 'op' }),
    ...thresholdsFor('recommendations', ['reflected'], { profile: 'load', tagKey: 'op' }),
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  const health = requireHealthy(api.base);
  if (health.status !== 'ok') throw new Error(`recommendations is not healthy: ${JSON.stringify(health)}`);
}

const tagged = (op, name) => ({ name, tags: { op } });

export function behavior() {
  const body = { userId: randomUser(), productId: randomProduct(), action: randomAction() };
  const res = api.postJson('/api/user-behavior', body, tagged('behavior', 'POST /api/user-behavior'));
  check(res, { 'behavior: is status 202': (r) => r.status === 202 }, { op: 'behavior' });
  sleep(waitSeconds());
}

export function recommendations() {
  const res = api.get(`/api/recommendations/${randomUser()}?limit=10`, {
    ...tagged('recommendations', 'GET /api/recommendations/:userId'),
  });
  check(
    res,
    {
      'recommendations: is status 200': (r) => r.status === 200,
      'recommendations: has items': (r) => (jsonOf(r)?.items?.length ?? 0) > 0,
    },
    { op: 'recommendations' },
  );
  sleep(waitSeconds());
}

/** A new user's first view → their answer is personal (neighbours of that product). */
export function reflected() {
  const userId = uniqueId('k6-new');
  const acceptedAt = Date.now();
  const res = api.postJson(
    '/api/user-behavior',
    { userId, productId: bestseller(), action: 'view' },
    tagged('reflected', 'POST /api/user-behavior (reflected)'),
  );
  if (res.status !== 202) return;
  awaitEffect(
    acceptedAt,
    () => {
      const got = api.get(`/api/recommendations/${userId}?limit=10`, {
        ...tagged('reflected', 'GET /api/recommendations/:userId (reflected)'),
      });
      const source = got.status === 200 ? jsonOf(got)?.source : undefined;
      return source === 'personal' || source === 'mixed';
    },
    { timeoutMs: 10000, intervalMs: 50, tags: { op: 'reflected' } },
  );
  sleep(1);
}

/** `k6 run --vus N --duration D`: one Locust user per VU, a task drawn 3 : 1 per iteration. */
export default function () {
  if (Math.random() < MIX.behavior) behavior();
  else recommendations();
}
