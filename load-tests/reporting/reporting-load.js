// The 003 document's reporting-load.js, runnable against perflab's reporting service.
//
//   k6 run load-tests/reporting/reporting-load.js                         (smoke)
//   k6 run -e SCENARIO=load load-tests/reporting/reporting-load.js        (after load-tests/reporting/seed.ts)
//   npm run bench -- reporting --profile load                             (the bench seeds the data)
//
// 100 VUs for 5 minutes over the four endpoints (MIX in _reporting.js: metrics 40 %, SROI 20 %,
// VIS 20 %, cohorts 20 %), each endpoint its own k6 scenario named as in targets.json. Each VU is
// one company's reader (its token's companyId claim), the companies drawn by their share of the
// seeded events (Zipf: the largest most often); ranges of 30, 90 and 365 days. Profiles: smoke, load, stress (150 VUs), spike (20 → 300), soak (1 h), levels.
//
// The end-to-end path (webhook accepted by ingestion → visible in /v1/metrics) runs alongside,
// one VU, when ingestion answers at INGEST_URL (default :3004; see _e2e.js).
import { check, sleep } from 'k6';
import { jsonOf, requireHealthy } from '../lib/http.js';
import { alongside, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { E2E_COMPANY, e2eEnabled, e2eThresholds, ingestionUp, webhookToVisible } from './_e2e.js';
import {
  api,
  ENDPOINTS,
  MIX,
  maxVusOf,
  pickRange,
  readerSession,
  readerSessions,
  ROUTES,
  vuSession,
} from './_reporting.js';
import { profileName, shapeFor } from './_shapes.js';

const PROFILE = profileName();
const THINK_SECONDS = parseFloat(__ENV.THINK_TIME || '1'); // a person reading a dashboard

function scenarios() {
  const out = {};
  for (const endpoint of ENDPOINTS) out[endpoint] = shapeFor(endpoint, MIX[endpoint]);
  if (e2eEnabled()) out.visibility = alongside(out.metrics, { exec: 'visibility' });
  return out;
}

const SCENARIOS = scenarios();
// Counted here, in the init context: in setup() k6 hands back `options` as its own objects.
const MAX_VUS = maxVusOf(SCENARIOS);

export const options = {
  scenarios: SCENARIOS,
  thresholds: {
    ...thresholdsFor('reporting', ENDPOINTS, { profile: PROFILE }),
    ...(e2eEnabled() ? e2eThresholds() : {}),
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
  // one login per VU (argon2 on auth, 10 at a time): the spike's 300 users take a while on 2 cores
  setupTimeout: '180s',
};

export function setup() {
  const health = requireHealthy(api.base);
  if (health.status !== 'ok') throw new Error(`reporting is not healthy: ${JSON.stringify(health)}`);
  // Every VU a company reader (load-tests/reporting/seed.ts), as production's users are: its
  // token's companyId claim is the only company it asks for. Another company's report is a
  // 403, which the integration tests check; it is not part of the load.
  const readers = readerSessions(MAX_VUS);
  // The data is there: the largest company has sessions in the year (the bench seeds it; by hand,
  // run load-tests/reporting/seed.ts first).
  const largest = readers.find((r) => r.company === 'company-0001') || readers[0];
  const probe = api.get(`${ROUTES.metrics.path(largest.company)}${pickRange()}`, {
    token: largest.token,
    name: 'setup probe',
  });
  if (probe.status !== 200) throw new Error(`setup: /v1/metrics answered ${probe.status}: ${probe.body}`);
  if (!(jsonOf(probe).sessions > 0)) throw new Error(`setup: no seeded data (${largest.company} has no sessions)`);
  const ingestionRunning = e2eEnabled() && ingestionUp();
  return { readers, probe: ingestionRunning ? readerSession(E2E_COMPANY) : null, ingestionRunning };
}

function report(endpoint, data) {
  const route = ROUTES[endpoint];
  const reader = vuSession(data.readers);
  const res = api.get(`${route.path(reader.company)}${pickRange()}`, { token: reader.token, name: route.name });
  check(res, { [`${endpoint}: is status 200`]: (r) => r.status === 200 });
  sleep(THINK_SECONDS);
}

export const metrics = (data) => report('metrics', data);
export const sroi = (data) => report('sroi', data);
export const vis = (data) => report('vis', data);
export const cohort = (data) => report('cohort', data);

export function visibility(data) {
  webhookToVisible(data.probe, data.ingestionRunning);
}

/** `k6 run --vus N --duration D`: the same mix, drawn per iteration. */
export default function (data) {
  let r = Math.random();
  for (const endpoint of ENDPOINTS) {
    if ((r -= MIX[endpoint]) < 0) return report(endpoint, data);
  }
  return report('metrics', data);
}
