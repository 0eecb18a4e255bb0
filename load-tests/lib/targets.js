/* global open */
// Thresholds from the one targets file (load-tests/targets.json), so a bar lives in one
// place and the k6 suites and the bench report grade against the same numbers.
// Must be imported from k6 init context: open() only works there.

// open() resolves relative to this module; TARGETS_FILE overrides (absolute path).
const TARGETS = JSON.parse(open(__ENV.TARGETS_FILE || '../targets.json'));

const LATENCY_AGG = { avg: 'avg', med: 'med', max: 'max', min: 'min' };

function aggOf(key) {
  if (LATENCY_AGG[key]) return LATENCY_AGG[key];
  const m = /^p(\d+(?:\.\d+)?)$/.exec(key);
  if (!m) throw new Error(`targets.json: unknown latency key "${key}"`);
  return `p(${m[1]})`;
}

const OPS = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

// A bound is {lt|lte|gt|gte: n}; a bare number is an upper bound (lt).
function boundExpr(agg, bound) {
  if (typeof bound === 'number') return `${agg}<${bound}`;
  const key = Object.keys(bound).find((k) => OPS[k]);
  if (!key) throw new Error(`targets.json: bound without lt/lte/gt/gte: ${JSON.stringify(bound)}`);
  return `${agg}${OPS[key]}${bound[key]}`;
}

function merge(...parts) {
  const out = {};
  for (const p of parts) {
    if (!p) continue;
    for (const [k, v] of Object.entries(p)) {
      out[k] =
        v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object'
          ? { ...out[k], ...v }
          : v;
    }
  }
  return out;
}

export function profileName() {
  return __ENV.PROFILE || 'smoke';
}

export function levelOf(profile) {
  return TARGETS.profile_level[profile] || 'normal';
}

/** The raw targets file (parsed). */
export function targetsFile() {
  return TARGETS;
}

/**
 * Effective targets of one scenario under one profile: 004 defaults for the profile's level,
 * then the scenario's own bars, then its own per-profile overrides (e.g. its share of the `rate`
 * profile's offered rate), then the suite's per-profile overrides (e.g. 002 smoke).
 */
export function targetsFor(suite, scenario, profile = profileName()) {
  const s = TARGETS.suites[suite];
  if (!s) throw new Error(`targets.json: no suite "${suite}"`);
  const sc = s.scenarios[scenario];
  if (!sc) throw new Error(`targets.json: suite "${suite}" has no scenario "${scenario}"`);
  // async and hash_bound scenarios have their own bars (end to end; the argon2 ceiling), not 004's latency.
  const base = sc.kind ? {} : TARGETS.defaults.levels[levelOf(profile)];
  const { profiles, ...own } = sc;
  return merge(base, own, profiles && profiles[profile], s.profiles && s.profiles[profile]);
}

/**
 * k6 thresholds for the given scenarios of a suite, each on sub-metrics tagged
 * {<tagKey>:<scenario>} (k6 tags every request with its scenario name by default).
 * Async scenarios grade the e2e_latency_ms trend (see async.js).
 * opts: { profile, tagKey = 'scenario', abortOnFail = false }
 */
export function thresholdsFor(suite, scenarios, opts = {}) {
  const profile = opts.profile || profileName();
  const tagKey = opts.tagKey || 'scenario';
  const out = {};
  const add = (metric, expr) => {
    const entry = opts.abortOnFail ? { threshold: expr, abortOnFail: true, delayAbortEval: '10s' } : expr;
    (out[metric] = out[metric] || []).push(entry);
  };
  for (const name of scenarios) {
    const t = targetsFor(suite, name, profile);
    const tag = `{${tagKey}:${name}}`;
    const latencyMetric = t.kind === 'async' ? `e2e_latency_ms${tag}` : `http_req_duration${tag}`;
    for (const [key, bound] of Object.entries(t.latency_ms || {})) add(latencyMetric, boundExpr(aggOf(key), bound));
    if (t.kind !== 'async') {
      if (t.error_rate) add(`http_req_failed${tag}`, boundExpr('rate', t.error_rate));
      if (t.checks_rate) add(`checks${tag}`, boundExpr('rate', t.checks_rate));
    } else if (t.delivered_rate) {
      add(`e2e_delivered${tag}`, boundExpr('rate', t.delivered_rate));
    }
  }
  return out;
}
