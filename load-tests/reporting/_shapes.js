// The 003 load shapes for the reporting suite, in total VUs; each endpoint gets its share.
import { forProfile, level, load, smoke, soak, spike, stress } from '../lib/profiles.js';

const PROFILE = __ENV.SCENARIO || __ENV.PROFILE || 'smoke';

export function profileName() {
  return PROFILE;
}

/** One endpoint's scenario under the profile: `weight` is its share of the mix. */
export function shapeFor(exec, weight, profile = PROFILE) {
  return forProfile(
    {
      smoke: smoke({ exec, vus: 1, duration: '30s' }),
      // 003: 100 concurrent users for 5 minutes (ramped over 1 min, so the cache and pool warm honestly).
      load: load({ exec, target: 100, rampUp: '1m', duration: '5m', rampDown: '30s', weight }),
      // 001 §6.2: 150 % of the expected peak, then removed so recovery can be watched.
      stress: stress({ exec, peak: 100, rampUp: '1m', duration: '5m', rampDown: '30s', weight }),
      spike: spike({ exec, baseline: 20, peak: 300, weight }),
      // 003: the 1-hour soak.
      soak: soak({ exec, target: 50, duration: '1h', weight }),
      levels: level({ exec, vus: 100, duration: '5m', weight }),
    },
    profile,
  );
}
