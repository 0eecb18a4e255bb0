// The ingestion hottest-endpoint load (ingest) against the bare baseline: the ingest scenario of
// load-tests/ingestion/ingestion-load.js (the same shapes, the same signed bodies and redelivery
// share), so service/baseline ratios compare like with like.
import { requireHealthy } from '../lib/http.js';
import { SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { api, ingest as ingestOne } from '../ingestion/_ingestion.js';
import { ingestShape, profileName } from '../ingestion/_shapes.js';

const PROFILE = profileName('load');

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
