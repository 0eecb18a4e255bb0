// What the recommendations scripts (k6 suite and the bare baseline's twin) share: the target,
// the seeded ids (load-tests/recommendations/seed.ts: u0001…u2000, P0001…P1000 in 20
// categories, low ids within a category the bestsellers), the 000 traffic mix and its shapes.
import { client, baseUrl } from '../lib/http.js';
import { forProfile, level, rampingVus, smoke, soak, spike } from '../lib/profiles.js';

export const api = client(baseUrl(3000));
export const USERS = 2000;
export const PRODUCTS = 1000;
const CATEGORIES = 20;

/** 000's Locust task weights: 3 behaviour posts to 1 recommendations read. */
export const MIX = { behavior: 0.75, recommendations: 0.25 };
/** 000's wait between tasks, as Locust's between(1, 2): ~0.65 req/s per user, ~130 req/s for 200. */
export const WAIT_MIN_S = parseFloat(__ENV.WAIT_MIN || '1');
export const WAIT_MAX_S = parseFloat(__ENV.WAIT_MAX || '2');

const pad = (n) => String(n).padStart(4, '0');
export const randomUser = () => `u${pad(1 + Math.floor(Math.random() * USERS))}`;
/** Skewed like the seed: a random category, a low rank more likely. */
export function randomProduct() {
  const category = Math.floor(Math.random() * CATEGORIES);
  const rank = Math.floor(Math.pow(Math.random(), 2) * (PRODUCTS / CATEGORIES));
  return `P${pad(rank * CATEGORIES + category + 1)}`;
}
/** A bestseller (rank < 5 in its category): the seed gives every one of them neighbours. */
export function bestseller() {
  const category = Math.floor(Math.random() * CATEGORIES);
  return `P${pad(Math.floor(Math.random() * 5) * CATEGORIES + category + 1)}`;
}
export function randomAction() {
  const r = Math.random();
  return r < 0.8 ? 'view' : r < 0.95 ? 'add_to_cart' : 'purchase';
}
export const waitSeconds = () => WAIT_MIN_S + Math.random() * (WAIT_MAX_S - WAIT_MIN_S);

const PROFILE = __ENV.SCENARIO || __ENV.PROFILE || 'smoke';
export const profile = () => PROFILE;

/**
 * 000: Locust -u 200 -r 20 -t 5m — 200 users spawned at 20/s (10 s), held to 5 min in all.
 * stress: past it in steps to 3× (where does this machine stop meeting the bars?). `weight`:
 * an operation's share of the users (k6 runs one scenario per operation, so the report grades
 * each by its targets.json scenario; in aggregate the same 3 : 1 as Locust's weighted tasks).
 */
export function shape(exec, weight = 1, profileName = PROFILE) {
  return forProfile(
    {
      smoke: smoke({ exec, vus: 1, duration: '30s' }),
      load: rampingVus({
        exec,
        weight,
        stages: [
          { duration: '10s', target: 200 },
          { duration: '4m50s', target: 200, hold: true },
        ],
      }),
      stress: rampingVus({
        exec,
        weight,
        stages: [
          { duration: '10s', target: 200 },
          { duration: '1m', target: 200 },
          { duration: '30s', target: 400 },
          { duration: '1m', target: 400 },
          { duration: '30s', target: 600 },
          { duration: '2m', target: 600, hold: true },
          { duration: '30s', target: 0 },
        ],
      }),
      spike: spike({ exec, baseline: 20, peak: 400, weight }),
      soak: soak({ exec, target: 200, weight }),
      levels: level({ exec, vus: 200, duration: '5m', weight }),
    },
    profileName,
  );
}
