import { serverGroup, type GroupCpu } from '../../profile/stack-cpu';
import { NM, percentValue, rate, table, times } from '../cells';
import {
  compareCpu,
  isMeasured,
  type CpuComparison,
  type CpuPerRequest,
  type CpuPerRequestOrWhy,
  type HalfCpuOrWhy,
} from '../cpu-per-request';
import { packageCosts } from '../cpu-by-package';
import type { RunData } from '../model';
import { MAX_WINDOW_SECONDS } from '../../profile/window-profiler';
import { profilingOf } from '../../profile/summary';

// The baseline section's CPU: CPU per request for both halves and their ratio, and the machine
// (server processes, k6, Postgres, Kafka, Redis) of both halves side by side.

export const cpuMs = (c: CpuPerRequestOrWhy) =>
  isMeasured(c) ? `${c.msPerRequest.toFixed(c.msPerRequest >= 10 ? 1 : 3)} ms` : NM(c.notMeasured);

/** The Throughput table's row: service ÷ baseline CPU per request. */
export function cpuPerRequestCell(run: RunData): string {
  const c = compareCpu(run);
  if (!c) return NM(run.baselineNotMeasured ?? 'run with --baseline');
  if (c.ratio === null) {
    const why = [
      ...(isMeasured(c.service) ? [] : [`service: ${c.service.notMeasured}`]),
      ...(isMeasured(c.baseline) ? [] : [`baseline: ${c.baseline.notMeasured}`]),
    ];
    return NM(why.join('; '));
  }
  return `${times(c.ratio)} (service ${cpuMs(c.service)} / baseline ${cpuMs(c.baseline)} of server CPU per request)`;
}

export const SWITCH_COLUMNS = ['Wakeups per request (voluntary switches)', 'Preemptions per request (involuntary)'];

/** What the switch columns count, and why they sit beside CPU per request. */
export const SWITCHES_NOTE =
  "Wakeups and preemptions per request = the server processes' main threads' context switches over the same windows (/proc/<pid>/status of each process: its JavaScript thread, not libuv's pool or V8's helpers), summed over the processes as their CPU is, ÷ the same req/s. A voluntary switch is the event loop going to sleep with nothing to do (epoll_wait) and being woken; at low rates each request pays its own, and each wakeup costs tens of µs of CPU on this VM (the switch, the syscall's return, cold caches), so wakeups per request explain part of CPU per request. An involuntary switch (preemption) is the kernel taking the core from a thread that still had work: many per request mean the cores were contended.";

const switches = (v: number) => v.toFixed(2);

/** Whether a half recorded its server processes' context switches (runs before the bench read them did not). */
export const hasSwitches = (x: CpuPerRequestOrWhy): x is Required<CpuPerRequest> =>
  isMeasured(x) && x.wakeupsPerRequest !== undefined && x.preemptionsPerRequest !== undefined;

/** The switch cells of a half that has CPU per request. */
export function switchCells(x: CpuPerRequest): string[] {
  return hasSwitches(x)
    ? [switches(x.wakeupsPerRequest), switches(x.preemptionsPerRequest)]
    : [NM('this half recorded no context switches'), NM('as before')];
}

function perRequestTable(c: CpuComparison): string {
  const { service: s, baseline: b } = c;
  // Runs recorded before the bench read the switches have no such columns.
  const withSwitches = hasSwitches(s) || hasSwitches(b);
  const row = (half: string, x: CpuPerRequestOrWhy) =>
    isMeasured(x)
      ? [half, percentValue(x.cpuPercent), rate(x.avgRps), cpuMs(x), ...(withSwitches ? switchCells(x) : [])]
      : [half, NM(x.notMeasured), ...Array<string>(withSwitches ? 4 : 2).fill(NM('as before'))];
  const switchRatios = !withSwitches
    ? []
    : hasSwitches(s) && hasSwitches(b)
      ? [
          times(s.wakeupsPerRequest / b.wakeupsPerRequest, 'the baseline half had none'),
          times(s.preemptionsPerRequest / b.preemptionsPerRequest, 'the baseline half had none'),
        ]
      : [NM('a half recorded no context switches'), NM('as before')];
  const ratios =
    isMeasured(s) && isMeasured(b)
      ? [
          times(s.cpuPercent / b.cpuPercent),
          times(s.avgRps / b.avgRps),
          times(s.msPerRequest / b.msPerRequest),
          ...switchRatios,
        ]
      : [NM('a half was not measured'), ...Array<string>(withSwitches ? 4 : 2).fill(NM('as before'))];
  return [
    table(
      [
        'Half',
        'Server processes CPU (avg, % of one core)',
        'Req/s (k6, warm-up excluded)',
        'CPU per request',
        ...(withSwitches ? SWITCH_COLUMNS : []),
      ],
      [row('service', s), row('baseline', b), ['service ÷ baseline', ...ratios]],
    ),
    ...(withSwitches ? ['', SWITCHES_NOTE] : []),
  ].join('\n');
}

const SERVER = 'server processes (all workers)';

/** Process rows of one half, the server's under one name so the halves line up. */
function byProcess(half: HalfCpuOrWhy): Map<string, GroupCpu> {
  if (!isMeasured(half)) return new Map();
  const server = serverGroup(half.machine);
  return new Map(half.machine.map((g) => [g === server ? SERVER : g.name, g]));
}

function machineTable(c: CpuComparison): string {
  const s = byProcess(c.serviceMachine);
  const b = byProcess(c.baselineMachine);
  const names = [SERVER, ...new Set([...s.keys(), ...b.keys()].filter((n) => n !== SERVER))];
  const cell = (half: HalfCpuOrWhy, g: GroupCpu | undefined) =>
    !isMeasured(half) ? NM(half.notMeasured) : g ? percentValue(g.avgPercent, g.why) : NM('not sampled in this half');
  return table(
    ['Process', 'Service half: CPU avg (% of one core)', 'Baseline half: CPU avg (% of one core)'],
    names.map((n) => [n, cell(c.serviceMachine, s.get(n)), cell(c.baselineMachine, b.get(n))]),
  );
}

const serverName = (half: HalfCpuOrWhy) => (isMeasured(half) ? serverGroup(half.machine)?.name : undefined);

/** When the halves' server rows count different processes (the service's async worker, say). */
function scopeNote(c: CpuComparison): string[] {
  const s = serverName(c.serviceMachine);
  const b = serverName(c.baselineMachine);
  if (!s || !b || s === b) return [];
  return [
    '',
    `The service half's server row is "${s}", the baseline's "${b}": it counts every process the service runs, so work the baseline does not do (an async worker, say) counts against the service in the ratio.`,
  ];
}

/**
 * Whether the halves ran under the same instruments: a profiled service pays V8's sampling
 * profiler (a stack walk per interval per worker; deeper stacks cost more) and the bare
 * baseline never does, so its ratios include that price. Each half's profiling is read from what
 * its run recorded of its `--cpu-profile` plan.
 */
export function profilerNote(run: RunData): string[] {
  if (!run.baseline || !run.cpuProfile) return [];
  const service = profilingOf(run.cpuProfile);
  if (!service.profiled || run.baseline.profiling?.profiled) return [];
  return [
    '',
    `The service half ran under V8's sampling profiler (one sample every ${service.intervalUs} µs per worker, for the flame graph below); the bare baseline never does. Its CPU, req/s and p95 here include the profiler's price: \`--cpu-profile off\` takes these ratios with neither half profiled.`,
  ];
}

const perRequest = (msValue: number) => `${(msValue * 1000).toFixed(0)} µs`;

/** Package by package, each half's CPU per request and the difference; the largest differences first. */
function packagesTable(run: RunData): string[] {
  const costs = packageCosts(run);
  if ('notMeasured' in costs) return ['', `By package: ${NM(costs.notMeasured)}.`];
  const rows = costs.rows.filter((r) => r.serviceMs > 0.0005 || r.baselineMs > 0.0005);
  const total = [
    'all',
    perRequest(costs.serviceMs),
    perRequest(costs.baselineMs),
    perRequest(costs.serviceMs - costs.baselineMs),
  ];
  return [
    '',
    '### Where the difference goes, by package',
    '',
    "Each half's V8 profile gives each package's share of its server processes' CPU (with the node internals it called: a driver's socket writes are the driver's); times that half's CPU per request above, it is the package's CPU per request there. Both halves were profiled alike. The baseline's hand-written server is \"ours\" there, and it does what Fastify does for the service (parse, route, reply: node:http's work is charged to whoever called it), so read fastify's and ours' rows together. Shares come from samples, so rows under ~10 µs are noise.",
    '',
    table(
      ['Package', 'Service half: CPU per request', 'Baseline half: CPU per request', 'Service − baseline'],
      [
        ...rows.map((r) => [
          r.name,
          perRequest(r.serviceMs),
          perRequest(r.baselineMs),
          perRequest(r.serviceMs - r.baselineMs),
        ]),
        total,
      ],
    ),
  ];
}

/** Under the per-operation table: where the p95 gap comes from, in CPU. */
export function baselineCpu(run: RunData): string {
  const c = compareCpu(run);
  if (!c) return '';
  const price =
    c.ratio === null
      ? 'the ratio of the two is the price per request of the framework and our code'
      : `the service spends ${times(c.ratio)} the baseline's CPU per request: the price per request of the framework and our code`;
  return [
    '### CPU per request, service ÷ baseline',
    '',
    `CPU per request = the server processes' average CPU over the measured windows (/proc, sampled as in the machine table: each script's load start + warm-up → its end, at most ${MAX_WINDOW_SECONDS} s) ÷ the req/s k6 counted there (warm-up excluded, as the tables count them), i.e. CPU-seconds per request. Both halves make the same SQL, Redis and Kafka calls, so ${price}. Under a closed model at saturation a CPU-per-request ratio r shows as a much larger p95 ratio: each request holds a core r times as long, and the queue of VUs waiting for one grows with it.`,
    '',
    perRequestTable(c),
    ...scopeNote(c),
    ...profilerNote(run),
    ...packagesTable(run),
    '',
    '### The machine, service half beside baseline half',
    '',
    machineTable(c),
  ].join('\n');
}
