import { Answer, isBare5xx, isHonest5xx, isSuccess } from './timeline';
import { FaultRecord, HealthSample } from './faults-model';

// Per fault, from the clients' side: what they saw from its start until the service
// recovered, how soon the first error came, how long recovery took after the fault ended,
// and what /health said meanwhile.

/** /health is given this long after a dependency stops before its answer is judged. */
export const HEALTH_GRACE_MS = 5_000;

export interface HealthDuringFault {
  samples: number;
  /** samples that answered 200 */
  ok: number;
  /** checks named down, with how many samples named them */
  down: Record<string, number>;
  /** dependency faults: did most samples say not ready? (worker-kill: null, nothing to tell) */
  toldTheTruth: boolean | null;
}

export interface FaultScenario {
  fault: string;
  detail: string;
  faultSeconds: number;
  /** answers from the fault's start until recovery (or the next fault) */
  answers: number;
  statuses: Record<string, number>;
  bare5xx: number;
  honest503: number;
  /** seconds from the fault's start to the first answer that was not a 2xx; null: none */
  firstErrorSeconds: number | null;
  /** seconds from the fault's end to the first streak of 2xx; null: none before the next fault */
  recoverySeconds: number | null;
  health: HealthDuringFault;
  /** effects (deliveries, publications) of the run: how long they paused around this fault */
  effects?: EffectPause;
}

export interface EffectPause {
  /** seconds from the fault's end to the first effect after it; null: none before the next fault */
  resumedSeconds: number | null;
  /** the longest stretch without any effect from the fault's start to the next fault */
  longestGapSeconds: number;
}

/** When effects (e.g. deliveries) came back after a fault, from the times the ledger found. */
export function effectPause(f: FaultRecord, effectTimes: number[]): EffectPause {
  const sorted = [...effectTimes].sort((a, b) => a - b);
  const next = sorted.find((t) => t >= f.endedAt && t < f.phaseEnd);
  let gap = 0;
  let prev = f.startedAt;
  for (const t of sorted.filter((t) => t >= f.startedAt && t < f.phaseEnd)) {
    gap = Math.max(gap, t - prev);
    prev = t;
  }
  gap = Math.max(gap, (next === undefined ? f.phaseEnd : prev) - prev);
  return {
    resumedSeconds: next === undefined ? null : (next - f.endedAt) / 1000,
    longestGapSeconds: gap / 1000,
  };
}

export function recoverySeconds(answers: Answer[], endedAt: number, phaseEnd: number, streak: number): number | null {
  const after = answers.filter((a) => a.at >= endedAt && a.at < phaseEnd);
  let run = 0;
  for (let i = 0; i < after.length; i++) {
    run = isSuccess(after[i]) ? run + 1 : 0;
    if (run === streak) return Math.max(0, after[i - streak + 1].at - endedAt) / 1000;
  }
  return null;
}

/** A killed worker's fault is over in a second or two: its /health answers are read this long. */
export const WORKER_KILL_HEALTH_MS = 10_000;

function healthDuring(f: FaultRecord, samples: HealthSample[]): HealthDuringFault {
  const [from, to] =
    f.fault === 'worker-kill'
      ? [f.startedAt, Math.max(f.endedAt, f.startedAt + WORKER_KILL_HEALTH_MS)]
      : [f.startedAt + HEALTH_GRACE_MS, f.endedAt];
  const during = samples.filter((s) => s.at >= from && s.at < to);
  const down: Record<string, number> = {};
  for (const s of during) for (const d of s.down) down[d] = (down[d] ?? 0) + 1;
  const ok = during.filter((s) => s.status === 200).length;
  const toldTheTruth = f.fault === 'worker-kill' || !during.length ? null : ok * 2 < during.length;
  return { samples: during.length, ok, down, toldTheTruth };
}

export function faultScenario(
  f: FaultRecord,
  answers: Answer[],
  health: HealthSample[],
  streak: number,
): FaultScenario {
  const recovery = recoverySeconds(answers, f.endedAt, f.phaseEnd, streak);
  const until = recovery === null ? f.phaseEnd : f.endedAt + recovery * 1000;
  const seen = answers.filter((a) => a.at >= f.startedAt && a.at < Math.max(until, f.endedAt));
  const statuses: Record<string, number> = {};
  for (const a of seen) statuses[String(a.status)] = (statuses[String(a.status)] ?? 0) + 1;
  const phase = answers.filter((a) => a.at >= f.startedAt && a.at < f.phaseEnd);
  const firstError = phase.find((a) => !isSuccess(a));
  return {
    fault: f.fault,
    detail: f.detail,
    faultSeconds: (f.endedAt - f.startedAt) / 1000,
    answers: seen.length,
    statuses,
    bare5xx: phase.filter(isBare5xx).length,
    honest503: phase.filter(isHonest5xx).length,
    firstErrorSeconds: firstError ? (firstError.at - f.startedAt) / 1000 : null,
    recoverySeconds: recovery,
    health: healthDuring(f, health),
  };
}
