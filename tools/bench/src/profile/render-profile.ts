import { NM, percentValue, table } from '../report/cells';
import { cpuPerRequest, halfCpu } from '../report/cpu-per-request';
import { cpuMs, hasSwitches, SWITCH_COLUMNS, switchCells, SWITCHES_NOTE } from '../report/render/baseline-cpu';
import type { RunData } from '../report/model';
import type { BusyStretch, EventLoopStalls } from './event-loop-stalls';
import type { CpuProfileSummary } from './summary';
import type { GroupCpu } from './stack-cpu';
import { MAX_WINDOW_SECONDS } from './window-profiler';

// The report's "where the CPU goes" section, and the line the bottleneck section adds from it.

const msOf = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
const share = (v: number) => `${(v * 100).toFixed(1)} %`;

function measured(run: RunData): CpuProfileSummary | null {
  const p = run.cpuProfile;
  return p && !('notMeasured' in p && p.notMeasured) ? (p as CpuProfileSummary) : null;
}

export function cpuProfileSection(run: RunData): string {
  if (!run.cpuProfile) return '';
  const p = measured(run);
  const head = [
    `## Where the CPU goes (V8 profile of the service workers${run.levels?.length ? ', at the last level run' : ''})`,
    '',
  ];
  if (!p) {
    const machine = run.cpuProfile.machine;
    return [
      ...head,
      NM(run.cpuProfile.notMeasured ?? 'no profile'),
      ...(machine?.length
        ? [
            '',
            `### The machine over the measured windows (/proc; each script's load start + warm-up → its end)`,
            '',
            machineTable(machine),
            ...perRequestTable(run),
          ]
        : []),
    ].join('\n');
  }
  const busy = p.cpuMs / Math.max(1, p.cpuMs + p.idleMs);
  return [
    ...head,
    `${p.workers} worker(s), ${p.profiles} profile(s) over the measured windows (each script's load start + warm-up → its end, at most ${MAX_WINDOW_SECONDS} s), ${p.windowSeconds.toFixed(0)} worker-seconds; ${msOf(p.cpuMs)} on CPU, ${share(busy)} of the sampled time (the rest the event loop waited). Sampling every ${p.intervalUs} µs (V8's sampling profiler: about one stack walk per interval per worker, a few % of CPU at 1 ms; the numbers above include it). V8 samples the JavaScript thread only: work on libuv's thread pool (argon2 hashes, zlib, async crypto) is not in the profile; the service row below, from /proc, includes it.`,
    '',
    ...(p.flameGraph ? [`![CPU flame graph](${p.flameGraph})`, ''] : []),
    '### CPU by package (self time)',
    '',
    table(
      ['Package', 'Self time', 'Share of CPU', 'With the node internals it called'],
      p.packages
        .slice(0, 15)
        .map((x) => [
          x.name,
          msOf(x.selfMs),
          share(x.share),
          x.name === 'node internals'
            ? `${share(x.withInternalsShare)} (called by none of the above)`
            : share(x.withInternalsShare),
        ]),
    ),
    '',
    '### Top frames by self time',
    '',
    table(
      ['Frame', 'Package', 'Self time', 'Share of CPU'],
      p.topFrames.map((x) => [
        x.frame,
        x.calledFrom ? `${x.package}, called from ${x.calledFrom}` : x.package,
        msOf(x.selfMs),
        share(x.share),
      ]),
    ),
    '',
    ...(p.stalls ? [stallsSection(p.stalls), ''] : []),
    '### The machine over the same windows',
    '',
    machineTable(p.machine),
    ...perRequestTable(run),
  ].join('\n');
}

/** "### Event-loop stalls": per worker, then the longest stretches and what they were spent on. */
function stallsSection(s: EventLoopStalls): string {
  const charged = (x: BusyStretch) => x.packages.map((p) => `${p.name} ${(p.share * 100).toFixed(0)} %`).join(', ');
  return [
    `### Event-loop stalls (${s.thresholdMs} ms or more without an idle sample)`,
    '',
    `V8's sampler records "(idle)" whenever a worker's event loop waits for work. A stretch of samples without one is time in which a request arriving at that worker waited for the loop: short ones are requests being served, long ones (a module loaded on first use, a long garbage collection, a burst of work) are what the tail percentiles are made of. Each stretch is charged to packages as the tables above charge CPU.`,
    '',
    table(
      ['Worker', 'Profiled', `Stretches of ${s.thresholdMs} ms or more`, 'Share of the time in them'],
      s.workers.map((w) => [
        `pid ${w.pid}`,
        `${w.windowSeconds.toFixed(0)} s`,
        String(w.stretches),
        share(w.shareOfWindow),
      ]),
    ),
    '',
    ...(s.longest.length
      ? [
          table(
            ['Worker', 'At', 'Length', 'Charged to', 'Top frame (outside node internals)'],
            s.longest.map((x) => [
              `pid ${x.pid}`,
              `${x.atSeconds.toFixed(1)} s`,
              `${x.ms.toFixed(0)} ms`,
              charged(x),
              x.topFrame,
            ]),
          ),
        ]
      : [`No stretch of ${s.thresholdMs} ms or more.`]),
  ].join('\n');
}

function machineTable(machine: GroupCpu[]): string {
  return table(
    ['Process', 'CPU avg (% of one core)', 'CPU max (1 s)'],
    machine.map((m) => [m.name, percentValue(m.avgPercent, m.why), percentValue(m.maxPercent, m.why ?? 'no samples')]),
  );
}

/**
 * A run without a baseline half (whose section shows these beside the baseline's): its server
 * processes' CPU, wakeups and preemptions per request, when it recorded their context switches.
 * Not for a levels run, whose machine windows are not its totals' scripts.
 */
function perRequestTable(run: RunData): string[] {
  if (run.baseline || run.levels?.length) return [];
  const c = cpuPerRequest(halfCpu(run));
  if (!hasSwitches(c)) return [];
  return [
    '',
    '### The server processes per request',
    '',
    table(['Processes', 'CPU per request', ...SWITCH_COLUMNS], [['server processes', cpuMs(c), ...switchCells(c)]]),
    '',
    `CPU per request = the server row's average CPU above ÷ the req/s k6 counted in the same scripts (warm-up excluded), i.e. CPU-seconds per request. ${SWITCHES_NOTE}`,
  ];
}

/** Under the bottleneck table: the packages the service's CPU went to. */
export function cpuBottleneckNote(run: RunData): string {
  const p = measured(run);
  if (!p || !p.packages.length) return '';
  const top = [...p.packages]
    .filter((x) => x.name !== 'gc')
    .sort((a, b) => b.withInternalsShare - a.withInternalsShare)
    .slice(0, 4)
    .map((x) => `${x.name} ${share(x.withInternalsShare)}`);
  const gc = p.packages.find((x) => x.name === 'gc');
  return `Service CPU by package (profile; self time with the node internals each called): ${top.join(', ')}${gc ? `; garbage collection ${share(gc.share)}` : ''}.`;
}
