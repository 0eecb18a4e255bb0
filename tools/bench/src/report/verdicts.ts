import { RunData } from './model';
import { finite } from './cells';
import { resourceTargets, TargetsFile } from '../targets/targets';
import { resourceValue } from './grade';
import { resourceUnit } from './units';

// Two judgements a reader needs before believing a number: was the generator the limit, and
// which resource ran out first.

export interface Saturation {
  saturated: boolean;
  reasons: string[];
  evidence: string[];
}

export const GENERATOR_CPU_LIMIT = 85; // % of one core, p95 over the run

export function generatorSaturation(run: RunData): Saturation {
  const reasons: string[] = [];
  const evidence: string[] = [];
  for (const s of run.scripts) {
    const cpu = s.generatorCpu;
    // Iterations dropped while k6 was still starting VUs (the warm-up) are not a saturated generator.
    const dropped = s.series.droppedAfterWarmup ?? s.droppedIterations;
    const warm =
      s.series.droppedAfterWarmup !== undefined
        ? ` (${s.droppedIterations - dropped} more in the ${s.series.warmupSeconds} s warm-up)`
        : '';
    evidence.push(
      `${s.script}: k6 CPU avg ${finite(cpu.avgPercent) ? cpu.avgPercent.toFixed(0) : '?'} % / p95 ${finite(cpu.p95Percent) ? cpu.p95Percent.toFixed(0) : '?'} % of one core (${cpu.samples} samples), dropped_iterations ${dropped}${warm}, vus_max ${s.vusMax ?? '?'}`,
    );
    if (finite(cpu.p95Percent) && cpu.p95Percent >= GENERATOR_CPU_LIMIT)
      reasons.push(
        `${s.script}: k6 used ${cpu.p95Percent.toFixed(0)} % of a core (p95) — the generator may have set the pace`,
      );
    if (dropped > 0)
      reasons.push(
        `${s.script}: ${dropped} dropped iterations — the arrival-rate executor ran out of VUs, the offered rate was not met`,
      );
    const peakVus = Math.max(0, ...s.series.windows.map((w) => w.vus));
    if (dropped > 0 && s.vusMax !== null && peakVus >= s.vusMax)
      reasons.push(`${s.script}: all ${s.vusMax} pre-allocated VUs were busy (vus_max reached)`);
  }
  locustSaturation(run, reasons, evidence);
  if (run.machine.cores <= 2) evidence.push(`k6 shares ${run.machine.cores} cores with the service and the stack`);
  return { saturated: reasons.length > 0, reasons, evidence };
}

/** Locust's process tree, judged by its busiest process: one Python process uses at most one core. */
function locustSaturation(run: RunData, reasons: string[], evidence: string[]): void {
  const cpu = run.locust?.generatorCpu;
  if (!cpu) return;
  const busiest = cpu.busiestP95Percent ?? cpu.p95Percent;
  const n = cpu.processes ?? 1;
  const pct = (v: number) => (finite(v) ? v.toFixed(0) : '?');
  evidence.push(
    `Locust: CPU avg ${pct(cpu.avgPercent)} % / p95 ${pct(cpu.p95Percent)} % over ${n} process${n > 1 ? 'es' : ''}, busiest process p95 ${pct(busiest)} % of one core (${cpu.samples} samples)`,
  );
  if (finite(busiest) && busiest >= GENERATOR_CPU_LIMIT)
    reasons.push(
      `Locust: a process used ${busiest.toFixed(0)} % of a core (p95; one Python process cannot use more) — the generator may have set the pace`,
    );
}

/** Busier than this share of the cores before the start (service idle, k6 not yet running) = shared. */
export const QUIET_BUSY_SHARE = 0.25;

/** Without CPU idle to go by: a 1-minute load average at start above this many per core = shared. */
export const LOAD_SHARED_PER_CORE = 0.75;

/** Low enough by --quiet-load: at or below the bound (a load average the OS cannot give is not). */
export const isLowLoad = (loadAvg1: number, maxLoadAvg: number) => Number.isFinite(loadAvg1) && loadAvg1 <= maxLoadAvg;

/** --quiet-load: the wait ran out with the 1-minute load average still above its bound (the start was busy). */
function loadStillHigh(run: RunData): string | undefined {
  const w = run.machine.quietWait;
  if (!w || w.quiet || w.maxLoadAvg === undefined || w.loadAvg1 === undefined || isLowLoad(w.loadAvg1, w.maxLoadAvg))
    return undefined;
  return `1-min load average ${w.loadAvg1.toFixed(2)} still above ${w.maxLoadAvg.toFixed(2)} (--quiet-load) when the ${w.maxWaitSeconds} s wait ran out`;
}

/**
 * Was the machine busy with other work? Load average counts runnable tasks machine-wide: at
 * the start it is other people's work; at the end it includes k6 and the service, so only a
 * value well above the cores says "shared" there. A start whose wait for a quiet machine ran
 * out on --quiet-load's bound is busy too, whatever the CPU idle.
 */
export function sharedCpu(run: RunData): { shared: boolean; reason: string } {
  const cores = run.machine.cores;
  const before = run.machine.idleBefore;
  const highLoad = loadStillHigh(run);
  // Measured CPU idle right before the load is the real answer; the load average lags by minutes.
  if (before && finite(before.idle)) {
    const text = `CPU ${(before.idle * 100).toFixed(0)} % idle over the ${before.seconds} s before the start (${before.busyCores.toFixed(2)} of ${cores} cores busy; /proc/stat)`;
    const also = highLoad ? `; ${highLoad}` : '';
    if (before.busyCores > cores * QUIET_BUSY_SHARE)
      return { shared: true, reason: `${text}: other work was running${also}` };
    return highLoad ? { shared: true, reason: `${text}${also}` } : { shared: false, reason: text };
  }
  const start = run.machine.loadAvg[0];
  const end = run.config.loadAvgEnd?.[0];
  const reasons: string[] = [];
  if (highLoad) reasons.push(highLoad);
  if (finite(start) && start > cores * LOAD_SHARED_PER_CORE)
    reasons.push(`1-min load average ${start.toFixed(2)} at start on ${cores} cores (other work was running)`);
  // k6 + the service account for about `cores` runnable tasks at full load; more than twice that is someone else.
  if (finite(end) && end > cores * 2) reasons.push(`1-min load average ${end.toFixed(2)} at the end on ${cores} cores`);
  if (reasons.length) return { shared: true, reason: reasons.join('; ') };
  return {
    shared: false,
    reason: `1-min load average ${finite(start) ? start.toFixed(2) : '?'} at start${finite(end) ? `, ${end.toFixed(2)} at end` : ''} on ${cores} cores`,
  };
}

/** Why a FAIL may not be the service's fault (for the terminal and CI). */
export function failCaveats(run: RunData): string[] {
  const out: string[] = [];
  const g = generatorSaturation(run);
  if (g.saturated) out.push(`load generator saturated: ${g.reasons.join('; ')}`);
  const s = sharedCpu(run);
  if (s.shared) out.push(`shared CPU: ${s.reason}`);
  return out;
}

export interface Bottleneck {
  component: string;
  utilisation: number;
  evidence: string;
  /** a hard limit (cores, event loops, the generator), not a targets.json bar: what "saturated" means */
  capacity?: boolean;
}

export const GENERATOR_COMPONENT = 'Load generator (k6)';

const COMPONENT: Record<string, string> = {
  cpu_percent: 'Service CPU (busiest event loop)',
  memory_bytes: 'Service memory',
  memory_percent: 'Service memory',
  db_connections: 'Postgres connection pool',
  db_query_p95_ms: 'Postgres query latency',
  kafka_lag: 'Kafka consumers',
  redis_latency_p95_ms: 'Redis latency',
  redis_memory_percent: 'Redis memory',
};

/**
 * Resources ranked by how close they came to their bar (value / limit), plus the Node main
 * thread (one core) and event-loop lag, which bind long before a machine-wide CPU bar.
 */
export function bottlenecks(run: RunData, targets: TargetsFile): Bottleneck[] {
  const out: Bottleneck[] = [];
  for (const [key, bound] of Object.entries(resourceTargets(targets, run.suite, run.profile))) {
    const limit = typeof bound === 'number' ? bound : (bound.lt ?? bound.lte);
    if (!COMPONENT[key] || !finite(limit) || limit <= 0) continue;
    const { value, note } = resourceValue(run, key);
    if (!finite(value)) continue;
    out.push({
      component: COMPONENT[key],
      utilisation: value / limit,
      evidence: `${key} max ${resourceUnit(key)(value)}${note ? ` (${note})` : ''} against a bar of ${resourceUnit(key)(limit)}`,
    });
  }
  const cpu = run.prometheus.stats.cpu_percent?.max;
  if (finite(cpu)) out.push(eventLoops(cpu, run));
  const lag = run.prometheus.stats.eventloop_lag_ms?.max;
  if (finite(lag))
    out.push({
      component: 'Event loop',
      capacity: true,
      utilisation: lag / 100,
      evidence: `event-loop lag peaked at ${lag.toFixed(1)} ms (100 ms taken as saturated)`,
    });
  const machine = machineCores(run);
  if (machine) out.push(machine);
  const gen = generatorSaturation(run);
  if (gen.saturated)
    out.push({ component: GENERATOR_COMPONENT, capacity: true, utilisation: 1.01, evidence: gen.reasons.join('; ') });
  return out.sort((a, b) => b.utilisation - a.utilisation);
}

/** Busier than this share of all the cores on average is a machine out of CPU (the rest is scheduling slack). */
export const MACHINE_CPU_SATURATED = 0.9;

/**
 * The machine's cores, shared by the service, k6 and the stack: the sum of each group's average
 * CPU over the profiled window (cpuProfile.machine) against all the cores. Reaching
 * MACHINE_CPU_SATURATED of them counts as saturated (utilisation 1). Null when not profiled.
 */
export function machineCores(run: RunData): Bottleneck | null {
  const p = run.cpuProfile;
  if (!p || !('machine' in p) || !p.machine?.length) return null;
  const seen = p.machine.filter((g) => finite(g.avgPercent) && g.avgPercent > 0);
  if (!seen.length) return null;
  const used = seen.reduce((a, g) => a + g.avgPercent!, 0);
  const cores = run.machine.cores;
  const parts = [...seen]
    .sort((a, b) => b.avgPercent! - a.avgPercent!)
    .map((g) => `${g.name} ${g.avgPercent!.toFixed(0)} %`);
  return {
    component: `The machine's ${cores} cores`,
    capacity: true,
    utilisation: used / (cores * 100 * MACHINE_CPU_SATURATED),
    evidence: `${parts.join(' + ')} = ${used.toFixed(0)} % of one core on average over the profiled window, of ${cores * 100} % (${cores} cores; ${(MACHINE_CPU_SATURATED * 100).toFixed(0)} % of them taken as saturated)`,
  };
}

/**
 * Each event loop runs on one core: the service's CPU (summed over its processes) against what
 * its counted processes can use at most. Without a count, one process is assumed and said so.
 */
function eventLoops(cpuPercent: number, run: RunData): Bottleneck {
  const i = run.config.serviceInstances;
  const n = i?.count ?? null;
  const loops = n ?? 1;
  const what =
    n === null
      ? 'Node event loop (process count not measured: one assumed)'
      : n === 1
        ? 'Node event loop (one process, one core)'
        : i && 'processes' in i && i.processes
          ? `Node event loops (${n} in ${i.processes} processes, one core each)`
          : `Node event loops (${n} cluster workers, one core each)`;
  return {
    component: what,
    capacity: true,
    utilisation: cpuPercent / (100 * loops),
    evidence: `service CPU peaked at ${cpuPercent.toFixed(0)} % of one core summed over its processes; ${loops} event loop${loops === 1 ? '' : 's'} can use at most ${loops * 100} %`,
  };
}
