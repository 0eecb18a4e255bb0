import { readFileSync } from 'node:fs';
import { TARGETS_FILE } from '../paths';

// Mirrors load-tests/lib/targets.js (the k6 side) so the report grades against the same bars.

export type Bound = number | { lt?: number; lte?: number; gt?: number; gte?: number };
export type BoundMap = Record<string, Bound>;

export interface ScenarioTargets {
  source?: string;
  load?: string;
  /**
   * async: graded end to end (e2e_latency_ms); hash_bound: graded as req/s ÷ the argon2 cost
   * model's ceiling (hash_ceiling_ratio). Either way 004's default latency bars do not apply.
   */
  kind?: 'async' | 'hash_bound';
  rate_rps?: number;
  latency_ms?: BoundMap;
  error_rate?: Bound;
  checks_rate?: Bound;
  throughput_rps?: Bound;
  delivered_rate?: Bound;
  reached?: Record<string, number>;
  /** the `METHOD name` a suite's locustfile gives this scenario's requests (Locust rows are graded by it) */
  locust_name?: string;
  /** hash-bound scenarios (auth register/login): req/s ÷ the argon2 cost model's ceiling */
  hash_ceiling_ratio?: Bound;
  /** this scenario's own bars under one profile (e.g. its share of the `rate` profile's offered rate) */
  profiles?: Record<string, Omit<ScenarioTargets, 'profiles'>>;
}

export interface SuiteTargets {
  port: number;
  app: string;
  hottest?: string;
  scenarios: Record<string, ScenarioTargets>;
  profiles?: Record<string, ScenarioTargets>;
  total?: ScenarioTargets & { throughput_rps_per_vu?: number };
  resources?: BoundMap & { source?: string };
  /** other suites' services the k6 scripts call (started by the bench when not running) */
  needs?: string[];
  /** a cheap GET the recovery probe times after stress/spike (default /health) */
  recovery_probe?: string;
  /** k6 script stem → the profiles it runs under (a script not listed runs under every profile) */
  script_profiles?: Record<string, string[]>;
  /** the bench runs the service as one process per role (service-processes.ts); default one, ROLE unset */
  roles?: Record<string, RoleTargets>;
}

/** One process of a suite's service: its port (all but the first role) and cluster size. */
export interface RoleTargets {
  port?: number;
  workers?: number;
}

export interface TargetsFile {
  profile_level: Record<string, string>;
  defaults: { source: string; levels: Record<string, ScenarioTargets> };
  resources: { source: string; levels: Record<string, BoundMap> };
  suites: Record<string, SuiteTargets>;
  /** service ÷ like-for-like bare baseline, per hot operation (issue 14) */
  baseline_goal?: { source: string; throughput_ratio: Bound; p95_ratio: Bound };
}

export function loadTargets(file = TARGETS_FILE): TargetsFile {
  return JSON.parse(readFileSync(file, 'utf8')) as TargetsFile;
}

export function levelOf(t: TargetsFile, profile: string): string {
  return t.profile_level[profile] ?? 'normal';
}

function merge<T extends object>(...parts: (T | undefined)[]): T {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    if (!p) continue;
    for (const [k, v] of Object.entries(p)) {
      const prev = out[k];
      out[k] =
        v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object'
          ? { ...(prev as object), ...(v as object) }
          : v;
    }
  }
  return out as T;
}

/**
 * 004 defaults for the profile's level, then the scenario, then the scenario's own profile override,
 * then the suite's.
 */
export function targetsFor(t: TargetsFile, suite: string, scenario: string, profile: string): ScenarioTargets {
  const s = t.suites[suite];
  if (!s) throw new Error(`targets.json: no suite "${suite}"`);
  const sc = s.scenarios[scenario];
  if (!sc) throw new Error(`targets.json: suite "${suite}" has no scenario "${scenario}"`);
  const base = sc.kind ? undefined : t.defaults.levels[levelOf(t, profile)];
  const { profiles, ...own } = sc;
  return merge<ScenarioTargets>(base, own, profiles?.[profile], s.profiles?.[profile]);
}

/** Resource bars: 004 level bars, overridden by the suite's own (002 for notifications). */
export function resourceTargets(t: TargetsFile, suite: string, profile: string): BoundMap {
  const level = t.resources.levels[levelOf(t, profile)] ?? {};
  const own = { ...(t.suites[suite]?.resources ?? {}) } as Record<string, unknown>;
  delete own.source;
  return { ...level, ...(own as BoundMap) };
}

export function meets(value: number, bound: Bound): boolean {
  if (typeof bound === 'number') return value < bound;
  if (bound.lt !== undefined && !(value < bound.lt)) return false;
  if (bound.lte !== undefined && !(value <= bound.lte)) return false;
  if (bound.gt !== undefined && !(value > bound.gt)) return false;
  if (bound.gte !== undefined && !(value >= bound.gte)) return false;
  return true;
}

export function describeBound(bound: Bound, fmt: (n: number) => string = String): string {
  if (typeof bound === 'number') return `< ${fmt(bound)}`;
  const parts: string[] = [];
  if (bound.lt !== undefined) parts.push(`< ${fmt(bound.lt)}`);
  if (bound.lte !== undefined) parts.push(`≤ ${fmt(bound.lte)}`);
  if (bound.gt !== undefined) parts.push(`> ${fmt(bound.gt)}`);
  if (bound.gte !== undefined) parts.push(`≥ ${fmt(bound.gte)}`);
  return parts.join(' and ');
}
