// 003's load shapes for the ingestion suite, open model (arrival rates; slow answers do not
// lower the offered load). The suite's scripts and the bare baseline's twin build their
// scenarios here, so their loads stay alike. RATE_SCALE/DURATION_SCALE/DURATION scale them.
import { constantRate, forProfile, level, rampingRate } from '../lib/profiles.js';

/** 003's target: 1,000 req/s sustained for 5 minutes. */
export const TARGET_RPS = 1000;
/** 003's soak: 48 req/s on average for 1 hour. */
export const SOAK_RPS = 50;

/** SCENARIO (the document's word; k6 has no --scenario flag) or PROFILE; `fallback` when neither is set. */
export function profileName(fallback) {
  return __ENV.SCENARIO || __ENV.PROFILE || fallback;
}

/** The ingest scenario under a profile. */
export function ingestShape(exec, profile) {
  return forProfile(
    {
      smoke: constantRate({ exec, rate: 10, duration: '30s', preAllocatedVUs: 10, maxVUs: 20 }),
      load: constantRate({ exec, rate: TARGET_RPS, duration: '5m' }),
      // 150 % of the expected peak (001 §6.2), then removed so recovery can be watched.
      stress: rampingRate({
        exec,
        stages: [
          { duration: '1m', target: TARGET_RPS },
          { duration: '1m', target: TARGET_RPS * 1.5 },
          { duration: '5m', target: TARGET_RPS * 1.5 },
          { duration: '30s', target: 0 },
        ],
      }),
      // A sender's backlog flushed at once: 10 % of the target to 150 % in 10 s, held, dropped.
      spike: rampingRate({
        exec,
        startRate: TARGET_RPS * 0.1,
        stages: [
          { duration: '1m', target: TARGET_RPS * 0.1 },
          { duration: '10s', target: TARGET_RPS * 1.5 },
          { duration: '3m', target: TARGET_RPS * 1.5 },
          { duration: '10s', target: TARGET_RPS * 0.1 },
          { duration: '2m', target: TARGET_RPS * 0.1 },
        ],
      }),
      soak: constantRate({ exec, rate: SOAK_RPS, duration: '1h' }),
      // 002's incremental levels, closed model (LEVEL_VUS from the bench).
      levels: level({ exec, vus: 100, duration: '5m' }),
    },
    profile,
  );
}
