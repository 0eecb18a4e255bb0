// 003's soak-test.js: 1 hour at the document's average (48 req/s, here 50) — memory must stay
// flat and errors under 1 %. reporting's readers soak in their own suite (`npm run bench --
// reporting --profile soak`, load-tests/reporting/README.md "Soak"): this suite's run starts neither
// auth nor reporting. The bench's REPORT.md charts memory and CPU over the hour.
//
//   k6 run load-tests/ingestion/soak-test.js                     # 1 h (the document's command)
//   k6 run -e DURATION=10m load-tests/ingestion/soak-test.js     # a shorter hold
//
// Always the soak shape (DURATION, DURATION_SCALE and RATE_SCALE scale it). The bench runs it
// under --profile soak only (targets.json suites.ingestion.script_profiles); ingestion-load.js
// carries the other profiles.
import { requireHealthy } from '../lib/http.js';
import { SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { api, ingest as ingestOne } from './_ingestion.js';
import { ingestShape } from './_shapes.js';

const PROFILE = 'soak';

export const options = {
  scenarios: { ingest: ingestShape('ingest', PROFILE) },
  thresholds: thresholdsFor('ingestion', ['ingest'], { profile: PROFILE }),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

export function ingest() {
  ingestOne();
}
