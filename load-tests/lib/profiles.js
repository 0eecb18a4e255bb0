// Shared load shapes (after grafana/quickpizza k6/foundations/lib/load-options.js), each a
// k6 scenario object that ends by itself: bounded duration, bounded VUs/iterations.
//
// Scaling for small machines: VU_SCALE multiplies VU counts, RATE_SCALE (default VU_SCALE)
// multiplies arrival rates, DURATION_SCALE multiplies every duration, DURATION replaces the
// hold phase (CI smoke: DURATION=10s). k6 needs ~3 MB per VU and here shares 2 cores with
// the stack, so scale honestly and let the report say so.

const num = (v, d) => {
  const n = parseFloat(v);
  return Number.isFinite(n) && n > 0 ? n : d;
};

export const VU_SCALE = num(__ENV.VU_SCALE, 1);
export const RATE_SCALE = num(__ENV.RATE_SCALE, VU_SCALE);
export const DURATION_SCALE = num(__ENV.DURATION_SCALE, 1);
export const PROFILE = __ENV.PROFILE || 'smoke';

const GRACE = '10s';

export function vus(n) {
  return Math.max(1, Math.round(n * VU_SCALE));
}

export function rate(n) {
  return Math.max(1, Math.round(n * RATE_SCALE));
}

const UNIT = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function seconds(d) {
  if (typeof d === 'number') return d;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m;
  let matched = '';
  while ((m = re.exec(d))) {
    total += parseFloat(m[1]) * UNIT[m[2]];
    matched += m[0];
  }
  if (matched !== d) throw new Error(`profiles.js: bad duration "${d}"`);
  return total;
}

/** Scaled duration as k6 text, at least 1 s. */
export function dur(d) {
  return `${Math.max(1, Math.round(seconds(d) * DURATION_SCALE))}s`;
}

/** The hold phase: DURATION env wins, else the scaled default. */
export function hold(d) {
  return __ENV.DURATION ? __ENV.DURATION : dur(d);
}

const base = (exec, tags) => ({ exec, tags: tags || {}, gracefulStop: GRACE });

/**
 * VUs for one operation of a mix: its `weight` (share, 0..1) of `total` scaled VUs, at least 1
 * while the total is above 0 (a ramp down to 0 stays 0). weight 1 is plain vus(total).
 */
export function share(total, weight = 1) {
  return total === 0 ? 0 : Math.max(1, Math.round(vus(total) * weight));
}

/**
 * The one closed-model ramp every VU shape below is built on. stages: [{ duration, target,
 * hold }] with targets in unscaled VUs; a `hold` stage's duration is the hold phase (DURATION
 * replaces it), the others scale with DURATION_SCALE. weight: the share of a traffic mix.
 */
export function rampingVus({ exec, startVUs = 0, stages, weight = 1, tags } = {}) {
  return {
    ...base(exec, tags),
    executor: 'ramping-vus',
    startVUs: share(startVUs, weight),
    gracefulRampDown: GRACE,
    stages: stages.map((s) => ({
      duration: s.hold ? hold(s.duration) : dur(s.duration),
      target: share(s.target, weight),
    })),
  };
}

/** A few VUs, briefly: is it functional at all? (002 Phase 1) */
export function smoke({ exec, vus: n = 2, duration = '30s', tags } = {}) {
  return { ...base(exec, tags), executor: 'constant-vus', vus: Math.max(1, Math.min(n, 5)), duration: hold(duration) };
}

/** Ramp, hold, ramp down (001 register: 2m → 100, 5m, 2m → 0). Closed model. */
export function load({ exec, target = 100, rampUp = '2m', duration = '5m', rampDown = '2m', weight, tags } = {}) {
  return rampingVus({
    exec,
    weight,
    tags,
    stages: [
      { duration: rampUp, target },
      { duration, target, hold: true },
      { duration: rampDown, target: 0 },
    ],
  });
}

/** 150 % of expected peak (001 §6.2), then removed so recovery can be watched. */
export function stress({ exec, peak = 100, rampUp = '2m', duration = '5m', rampDown = '2m', weight, tags } = {}) {
  return load({ exec, target: Math.round(peak * 1.5), rampUp, duration, rampDown, weight, tags });
}

/** Sudden surge and drop (002 Phase 4). */
export function spike({ exec, baseline = 10, peak = 100, weight, tags } = {}) {
  return rampingVus({
    exec,
    weight,
    tags,
    startVUs: baseline,
    stages: [
      { duration: '1m', target: baseline },
      { duration: '10s', target: peak },
      { duration: '3m', target: peak, hold: true },
      { duration: '10s', target: baseline },
      { duration: '3m', target: baseline },
      { duration: '10s', target: 0 },
    ],
  });
}

/** Long and steady (002 Phase 5, 003 1 h soak). */
export function soak({ exec, target = 50, duration = '1h', weight, tags } = {}) {
  return load({ exec, target, rampUp: '2m', duration, rampDown: '2m', weight, tags });
}

/**
 * Fixed VUs for one incremental level (002 levels). The bench passes LEVEL_VUS (already the
 * level's total, not scaled again); weight takes an operation's share of it.
 */
export function level({ exec, vus: n, duration = '5m', weight = 1, tags } = {}) {
  const total = __ENV.LEVEL_VUS ? parseInt(__ENV.LEVEL_VUS, 10) : vus(n);
  return {
    ...base(exec, tags),
    executor: 'constant-vus',
    vus: Math.max(1, Math.round(total * weight)),
    duration: hold(duration),
  };
}

/** How long a scenario built here runs, in seconds (without graceful stops). */
export function lengthSeconds(scenario) {
  if (scenario.stages) return scenario.stages.reduce((a, s) => a + seconds(s.duration), 0);
  return seconds(scenario.duration);
}

/** `n` VUs for exactly as long as `scenario` runs: a companion (e.g. an e2e probe) of the load. */
export function alongside(scenario, { exec, vus: n = 1, tags } = {}) {
  return { ...base(exec, tags), executor: 'constant-vus', vus: n, duration: `${lengthSeconds(scenario)}s` };
}

/**
 * Open model: a stated rate (003 1,000 req/s; 001 profile 1,000 req/s). Slow responses do not
 * lower the offered load; when VUs run out k6 counts dropped_iterations (the bench reports it).
 */
export function constantRate({ exec, rate: r, duration = '5m', timeUnit = '1s', preAllocatedVUs, maxVUs, tags } = {}) {
  const target = rate(r);
  const max = maxVUs ? vus(maxVUs) : Math.max(2, Math.ceil(target / 2));
  // Iterations that find no free VU while k6 allocates more mid-run are dropped (seen at 400 req/s:
  // 41 → 130 VUs, 767 dropped): pre-allocate for 250 ms of responses in flight at the target rate.
  const pre = preAllocatedVUs ? vus(preAllocatedVUs) : Math.min(max, Math.max(2, Math.ceil(target / 4)));
  return {
    ...base(exec, tags),
    executor: 'constant-arrival-rate',
    rate: target,
    timeUnit,
    duration: hold(duration),
    preAllocatedVUs: pre,
    maxVUs: Math.max(pre, max),
  };
}

/** Open model with stages of rates: [{duration, target}] (targets are rates, scaled). */
export function rampingRate({ exec, startRate = 0, stages, timeUnit = '1s', preAllocatedVUs, maxVUs, tags } = {}) {
  const peak = Math.max(...stages.map((s) => s.target));
  const pre = preAllocatedVUs ? vus(preAllocatedVUs) : Math.max(2, Math.ceil(rate(peak) / 10));
  return {
    ...base(exec, tags),
    executor: 'ramping-arrival-rate',
    startRate: startRate ? rate(startRate) : 0,
    timeUnit,
    preAllocatedVUs: pre,
    maxVUs: maxVUs ? vus(maxVUs) : Math.max(pre, Math.ceil(rate(peak) / 2)),
    stages: stages.map((s) => ({ duration: dur(s.duration), target: s.target ? rate(s.target) : 0 })),
  };
}

/**
 * Pick one scenario shape per PROFILE. shapes: { smoke: {...}, load: {...}, ... } where each
 * value is a scenario object built with the helpers above. Unknown profile → throws in init.
 */
export function forProfile(shapes, profile = PROFILE) {
  const s = shapes[profile];
  if (!s) throw new Error(`profile "${profile}" not defined here (have: ${Object.keys(shapes).join(', ')})`);
  return s;
}

/** Summary stats the bench report reads (p50..p99.9 besides k6's defaults). */
export const SUMMARY_TREND_STATS = [
  'avg',
  'min',
  'med',
  'max',
  'p(50)',
  'p(75)',
  'p(90)',
  'p(95)',
  'p(99)',
  'p(99.9)',
  'count',
];
