import { Bound, TargetsFile } from '../targets/targets';

// targets.json "chaos" (the schedules, the bench's own stack, the bars) and each suite's
// "chaos" (its rate), turned into the timed plan one run follows.

export type FaultKind = 'worker-kill' | 'redis' | 'kafka' | 'postgres';
export const DEPENDENCIES = ['redis', 'kafka', 'postgres'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export interface FaultSpec {
  fault: FaultKind;
  /** seconds the dependency stays stopped (not used by worker-kill) */
  down_s?: number;
}

export interface ChaosSchedule {
  warmup_s: number;
  calm_s: number;
  faults: FaultSpec[];
}

export interface ChaosStackPorts {
  dir: string;
  pg_port: number;
  redis_port: number;
  kafka_port: number;
  kafka_controller_port: number;
}

export interface ChaosBars {
  lost: Bound;
  duplicates: Bound;
  failed_by_outage: Bound;
  bare_5xx: Bound;
  recovery_seconds: Bound;
}

export interface ChaosTargets {
  source: string;
  stack: ChaosStackPorts;
  bars: ChaosBars;
  recovery_streak: number;
  effect_timeout_s: number;
  schedules: Record<string, ChaosSchedule>;
}

export interface SuiteChaos {
  rate_rps: number;
  load?: string;
}

export function chaosTargets(t: TargetsFile): ChaosTargets {
  const c = (t as unknown as { chaos?: ChaosTargets }).chaos;
  if (!c) throw new Error('targets.json has no "chaos" section');
  return c;
}

export function suiteChaos(t: TargetsFile, suite: string): SuiteChaos {
  const c = (t.suites[suite] as { chaos?: SuiteChaos } | undefined)?.chaos;
  if (!c?.rate_rps) throw new Error(`targets.json: suite "${suite}" declares no "chaos": { "rate_rps": n }`);
  return c;
}

export function scheduleNamed(c: ChaosTargets, name: string): ChaosSchedule {
  const s = c.schedules[name];
  if (!s)
    throw new Error(`unknown chaos schedule "${name}" (targets.json has: ${Object.keys(c.schedules).join(', ')})`);
  for (const f of s.faults)
    if (f.fault !== 'worker-kill' && !(DEPENDENCIES as readonly string[]).includes(f.fault))
      throw new Error(`chaos schedule "${name}": unknown fault "${f.fault}"`);
  return s;
}

/** Seconds of load the schedule needs: warm-up, then each fault's down time and its calm. */
export function loadSeconds(s: ChaosSchedule): number {
  return s.warmup_s + s.faults.reduce((sum, f) => sum + (f.down_s ?? 0) + s.calm_s, 0);
}
