// The 002 guide's load shapes for the notifications suite, in total VUs; each operation of a
// traffic mix gets its weight's share of them. The like-for-like bare baseline
// (load-tests/baselines/notifications.ts) runs the suite script itself, so its load is the same.
import { constantRate, forProfile, level, rampingVus, smoke, soak, spike } from '../lib/profiles.js';
import { targetsFor } from '../lib/targets.js';

const PROFILE = __ENV.SCENARIO || __ENV.PROFILE || 'smoke';

/** 002's steps with no helper of their own in profiles.js: load 100 → 500, stress to 1,500. */
const STEPS = {
  load: [
    { duration: '1m', target: 100 },
    { duration: '3m', target: 100, hold: true },
    { duration: '2m', target: 500 },
    { duration: '5m', target: 500, hold: true },
    { duration: '1m', target: 0 },
  ],
  stress: [
    { duration: '2m', target: 500 },
    { duration: '2m', target: 1000 },
    { duration: '5m', target: 1500, hold: true },
    { duration: '2m', target: 0 },
  ],
};

/** The profile picked by SCENARIO (the guide's word) or PROFILE. */
export function profileName() {
  return PROFILE;
}

/** One operation's scenario under the profile: `weight` is its share of the mix (the `rate` profile's shares are in targets.json). */
export function shapeFor(exec, weight, profile = PROFILE) {
  return forProfile(
    {
      smoke: smoke({ exec, vus: 1, duration: '30s' }),
      load: rampingVus({ exec, weight, stages: STEPS.load }),
      stress: rampingVus({ exec, weight, stages: STEPS.stress }),
      spike: spike({ exec, baseline: 100, peak: 1000, weight }),
      soak: soak({ exec, target: 200, weight }),
      levels: level({ exec, vus: 100, duration: '5m', weight }),
      // Open model: the operation's share of 002 level 1's ~1,000 req/s (targets.json), offered
      // whatever the answers' speed, so the service and its bare baseline see the same load.
      rate: constantRate({ exec, rate: targetsFor('notifications', exec, 'rate').rate_rps, duration: '3m' }),
    },
    profile,
  );
}
