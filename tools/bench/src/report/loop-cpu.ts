import { RunData } from './model';
import { finite } from './cells';

// The CPU figure graded against targets.json's cpu_percent: 002's and 004's bar is per instance
// (one Node process, one event loop, one core), so the busiest event loop is graded, not the sum
// of all of them (a healthy service with 3 loops at 29 % each sums to 87 %). The sum stays
// beside it, and is what the machine's cores and the event-loop capacity are judged on.

export interface LoopCpu {
  /** graded, % of one core: the busiest loop, else the mean per loop, else the sum (one loop assumed) */
  value: number | null;
  basis: 'busiest' | 'mean' | 'sum';
  /** all the service's loops summed (Prometheus, max over the windows), % of one core */
  total: number | null;
  /** event loops counted during the run (cluster workers, one per process without a cluster) */
  loops: number | null;
  /** why `value` is missing, or why the busiest loop was not measured */
  why?: string;
}

export function loopCpu(run: RunData): LoopCpu {
  const st = run.prometheus.stats.cpu_percent;
  const total = finite(st?.max) ? st.max : null;
  const loops = run.config.serviceInstances?.count ?? null;
  const perLoop = run.serviceLoopCpu;
  if (perLoop && 'busiestMaxPercent' in perLoop)
    return { value: perLoop.busiestMaxPercent, basis: 'busiest', total, loops };
  const why = perLoop?.notMeasured ?? 'recorded before the bench read each loop from /proc';
  if (total === null)
    return { value: null, basis: 'busiest', total, loops, why: st?.notMeasured ?? 'metric not collected' };
  if (loops) return { value: total / loops, basis: 'mean', total, loops, why };
  return { value: total, basis: 'sum', total, loops, why };
}

/** What the graded CPU value is, for the row beside it. */
export function loopCpuNote(c: LoopCpu): string {
  const all = c.loops ? `all ${c.loops} loop${c.loops === 1 ? '' : 's'}` : 'all loops';
  const sum = c.total !== null ? `${+c.total.toFixed(2)} %` : 'not measured';
  if (c.basis === 'busiest') return `busiest event loop; ${all}: ${sum}`;
  if (c.basis === 'mean') return `mean per loop: ${all} ${sum} ÷ ${c.loops}, per-loop CPU not measured: ${c.why}`;
  return `all loops summed, loop count not measured (one assumed); per-loop CPU not measured: ${c.why}`;
}
