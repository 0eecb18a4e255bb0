import { measureRecovery, Recovery } from '../recovery';
import { targetsFor, TargetsFile } from '../targets/targets';
import { SuiteDef } from '../suites';

/** Profiles after which recovery is measured (001 §6.2: back within 30 s once load is removed). */
export const RECOVERY_PROFILES = new Set(['stress', 'spike']);

export function measuresRecovery(suite: SuiteDef, profile: string): boolean {
  return RECOVERY_PROFILES.has(profile) && suite.kind === 'service';
}

/** Probe the service after one script's load was removed, against its hottest scenario's p95 bar. */
export async function probeRecovery(opts: {
  suite: SuiteDef;
  targets: TargetsFile;
  profile: string;
  script: string;
  baseUrl: string;
  loadEndedAt: number;
  log: (s: string) => void;
}): Promise<Recovery> {
  const t = opts.targets.suites[opts.suite.targetsSuite];
  const bar = targetsFor(opts.targets, opts.suite.targetsSuite, t?.hottest ?? '', opts.profile).latency_ms?.p95;
  const p95BarMs = typeof bar === 'number' ? bar : (bar?.lt ?? bar?.lte ?? 500);
  opts.log(`${opts.suite.name}: load removed — probing recovery (p95 < ${p95BarMs} ms)`);
  const rec = await measureRecovery({
    script: opts.script,
    baseUrl: opts.baseUrl,
    probePath: t?.recovery_probe ?? '/health',
    loadEndedAt: opts.loadEndedAt,
    p95BarMs,
  });
  opts.log(
    `${opts.suite.name}: recovered ${rec.seconds === null ? `NOT within ${rec.timeoutSeconds} s` : `in ${rec.seconds.toFixed(1)} s`}`,
  );
  return rec;
}
