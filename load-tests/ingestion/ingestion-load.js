// 003's ingestion-load.js, runnable against perflab's ingestion service (port 3004):
//
//   k6 run load-tests/ingestion/ingestion-load.js                      # 003: 1,000 req/s for 5 min
//   k6 run -e SCENARIO=smoke load-tests/ingestion/ingestion-load.js    # or stress, spike, soak, levels
//   k6 run -e RATE_SCALE=0.3 load-tests/ingestion/ingestion-load.js    # the same shape at 300 req/s
//
// Open model (constant arrival rate): POST /webhooks/ingest, signed per Standard Webhooks with the
// local sender's key (WEBHOOK_SECRET), 60 % session.completed / 40 % feedback.received over 300
// companies with a few large ones, 1 % redeliveries (REDELIVERY_RATE). Alongside, one VU times
// accepted → published on Kafka. Thresholds: load-tests/targets.json, suite "ingestion".
import { sleep } from 'k6';
import { requireHealthy } from '../lib/http.js';
import { alongside, SUMMARY_TREND_STATS } from '../lib/profiles.js';
import { thresholdsFor } from '../lib/targets.js';
import { api, ingest as ingestOne, published as publishedProbe } from './_ingestion.js';
import { ingestShape, profileName } from './_shapes.js';

// With no SCENARIO/PROFILE this is the document's run (load); the bench always names one.
const PROFILE = profileName('load');
const ingestScenario = ingestShape('ingest', PROFILE);

export const options = {
  scenarios: {
    ingest: ingestScenario,
    published: alongside(ingestScenario, { exec: 'published' }),
  },
  thresholds: {
    ...thresholdsFor('ingestion', ['ingest'], { profile: PROFILE }),
    // Asynchronous: its own bar, without the profile's HTTP overrides.
    ...thresholdsFor('ingestion', ['published'], { profile: 'load' }),
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup() {
  requireHealthy(api.base);
}

// levels is a closed model (VUs, not a rate): 002's ~10 req/s per VU needs the think time.
const THINK_SECONDS = PROFILE === 'levels' ? parseFloat(__ENV.THINK_TIME || '0.1') : 0;

export function ingest() {
  ingestOne();
  if (THINK_SECONDS > 0) sleep(THINK_SECONDS);
}

export function published() {
  publishedProbe();
}
