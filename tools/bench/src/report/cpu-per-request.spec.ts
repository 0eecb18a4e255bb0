import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachBaseline } from '../baseline';
import { emptyTree } from '../profile/cpuprofile';
import type { GroupCpu } from '../profile/stack-cpu';
import { summarise } from '../profile/summary';
import { loadTargets } from '../targets/targets';
import { tableRow } from '../testing/table-row';
import { compareCpu, cpuPerRequest, halfCpu } from './cpu-per-request';
import { RunData } from './model';
import { baselineCpu, profilerNote } from './render/baseline-cpu';
import { runTotals } from './totals';
import { emptyCells, renderReport } from './write-report';

// Issue 14: CPU per request, service ÷ bare baseline, on the recorded notifications smoke run
// and its baseline, with the machine tables both halves of a --baseline smoke recorded
// (notifications-smoke.machine.json: cpuProfile.machine of its run.json and baseline/run.json).
const fx = <T = RunData>(f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8')) as T;
const machine = () => fx<{ service: GroupCpu[]; baseline: GroupCpu[] }>('notifications-smoke.machine.json');
const targets = loadTargets();

const service = (sampled = true): RunData => {
  const run = fx('notifications-smoke.service.run.json');
  return sampled
    ? { ...run, cpuProfile: { notMeasured: 'no V8 profile in this fixture', machine: machine().service } }
    : run;
};
const baseline = (sampled = true): RunData => {
  const run = fx('notifications-smoke.baseline.run.json');
  const why = 'bare baselines are not profiled (they have no hook)';
  return { ...run, cpuProfile: sampled ? { notMeasured: why, machine: machine().baseline } : { notMeasured: why } };
};
const withBaseline = (svc = service(), base = baseline()) => attachBaseline(svc, base, targets, true);

const serverPercent = (m: GroupCpu[]) => m.find((g) => g.name.startsWith('service ('))!.avgPercent!;
/** CPU-ms per request by hand: % of one core ÷ 100 ÷ req/s × 1000. */
const msPerRequest = (m: GroupCpu[], run: RunData) => (serverPercent(m) / 100 / runTotals(run).avgRps) * 1000;
const cpuMsCell = (x: number) => `${x.toFixed(x >= 10 ? 1 : 3)} ms`;

describe('CPU per request, service ÷ bare baseline', () => {
  it('is the server processes’ CPU-seconds ÷ the requests k6 counted, for each half, and their ratio', () => {
    const c = compareCpu(withBaseline())!;
    const s = msPerRequest(machine().service, service());
    const b = msPerRequest(machine().baseline, baseline());
    expect(c.service).toEqual({
      cpuPercent: serverPercent(machine().service),
      avgRps: runTotals(service()).avgRps,
      msPerRequest: s,
    });
    expect(c.baseline).toMatchObject({ msPerRequest: b });
    expect(c.ratio).toBeCloseTo(s / b, 12);
    // Same thing as CPU-seconds over the windows ÷ requests: (% / 100 × seconds) ÷ (req/s × seconds).
    const seconds = 60;
    const cpuSeconds = (serverPercent(machine().service) / 100) * seconds;
    expect((cpuSeconds / (runTotals(service()).avgRps * seconds)) * 1000).toBeCloseTo(s, 12);
  });

  it('shows both halves’ numbers and the ratio in the section, and the ratio in the Throughput table', () => {
    const run = withBaseline();
    const s = msPerRequest(machine().service, service());
    const b = msPerRequest(machine().baseline, baseline());
    const section = baselineCpu(run);
    expect(section).toContain('### CPU per request, service ÷ baseline');
    expect(section).toMatch(/closed model at saturation a CPU-per-request ratio r shows as a much larger p95 ratio/);
    expect(tableRow(section, 'service')).toEqual([
      'service',
      `${serverPercent(machine().service).toFixed(1)} %`,
      expect.stringMatching(/ req\/s$/),
      cpuMsCell(s),
    ]);
    expect(tableRow(section, 'baseline')[3]).toBe(cpuMsCell(b));
    expect(tableRow(section, 'service ÷ baseline')[3]).toBe(`${(s / b).toFixed(2)}×`);
    expect(section).toContain(`the service spends ${(s / b).toFixed(2)}× the baseline's CPU per request`);
    // The recorded service half ran an API and a worker; the baseline one server.
    expect(section).toContain(
      'The service half\'s server row is "service (all processes and workers)", the baseline\'s "service (all workers)"',
    );

    const md = renderReport(run, targets, []);
    expect(md).toContain(section);
    expect(tableRow(md, 'CPU per request vs bare baseline')[1]).toBe(
      `${(s / b).toFixed(2)}× (service ${cpuMsCell(s)} / baseline ${cpuMsCell(b)} of server CPU per request)`,
    );
  });

  it('puts both halves’ machines side by side, the server processes under one name', () => {
    const section = baselineCpu(withBaseline());
    const cell = (g: GroupCpu) => `${g.avgPercent!.toFixed(1)} %`;
    const [svc, base] = [machine().service, machine().baseline];
    expect(tableRow(section, 'server processes (all workers)')).toEqual([
      'server processes (all workers)',
      cell(svc[0]),
      cell(base[0]),
    ]);
    for (const name of ['k6', 'Postgres (all backends)', 'Kafka', 'Redis']) {
      const find = (m: GroupCpu[]) => m.find((g) => g.name === name)!;
      expect(tableRow(section, name)).toEqual([name, cell(find(svc)), cell(find(base))]);
    }
  });

  it('says why when the baseline half recorded no CPU, and gives no ratio', () => {
    const run = withBaseline(service(), baseline(false));
    const c = compareCpu(run)!;
    expect(c.ratio).toBeNull();
    expect(c.baseline).toEqual({ notMeasured: 'bare baselines are not profiled (they have no hook)' });
    expect(tableRow(renderReport(run, targets, []), 'CPU per request vs bare baseline')[1]).toBe(
      'not measured: baseline: bare baselines are not profiled (they have no hook)',
    );
    const section = baselineCpu(run);
    expect(tableRow(section, 'baseline')[1]).toBe('not measured: bare baselines are not profiled (they have no hook)');
    expect(tableRow(section, 'service ÷ baseline')[1]).toBe('not measured: a half was not measured');
    expect(tableRow(section, 'k6')[2]).toBe('not measured: bare baselines are not profiled (they have no hook)');
    // The service half still shows its own numbers.
    expect(tableRow(section, 'service')[3]).toBe(cpuMsCell(msPerRequest(machine().service, service())));
  });

  it('says why for a run recorded before the baseline half kept its CPU', () => {
    const run = withBaseline();
    delete run.baseline!.cpu;
    expect(compareCpu(run)!.baseline).toEqual({
      notMeasured: 'the baseline half recorded no CPU (a run from before the bench sampled it)',
    });
  });

  it('says why when the service half has no cpuProfile', () => {
    const run = withBaseline(service(false));
    expect(halfCpu(service(false))).toEqual({
      notMeasured: 'no CPU recorded (the run predates the bench sampling it)',
    });
    expect(compareCpu(run)!.ratio).toBeNull();
    expect(tableRow(renderReport(run, targets, []), 'CPU per request vs bare baseline')[1]).toBe(
      'not measured: service: no CPU recorded (the run predates the bench sampling it)',
    );
    expect(tableRow(baselineCpu(run), 'server processes (all workers)')[1]).toBe(
      'not measured: no CPU recorded (the run predates the bench sampling it)',
    );
  });

  it('says why when the server processes were never seen, or no request was served', () => {
    const unseen = machine().service.map((g, i) => (i ? g : { ...g, avgPercent: null, why: 'never seen' }));
    expect(cpuPerRequest({ machine: unseen, requests: 10, avgRps: 5 })).toEqual({ notMeasured: 'never seen' });
    expect(cpuPerRequest({ machine: machine().service, requests: 0, avgRps: NaN })).toEqual({
      notMeasured: 'no requests in the measured windows',
    });
  });

  it('has no CPU section without a baseline half', () => {
    const alone: RunData = { ...service(), baseline: undefined };
    expect(compareCpu(alone)).toBeNull();
    expect(baselineCpu(alone)).toBe('');
  });
});

describe("the baseline's own REPORT.md", () => {
  it('shows its machine over the measured windows, with numbers, though it has no V8 profile', () => {
    const md = renderReport(baseline(), targets, []);
    expect(md).toContain('not measured: bare baselines are not profiled (they have no hook)');
    expect(md).toContain('### The machine over the measured windows');
    for (const g of machine().baseline) {
      expect(tableRow(md, g.name)).toEqual([g.name, `${g.avgPercent!.toFixed(1)} %`, `${g.maxPercent!.toFixed(1)} %`]);
    }
  });

  it('says why without samples, and shows no machine table', () => {
    const md = renderReport(baseline(false), targets, []);
    expect(md).toContain('not measured: bare baselines are not profiled (they have no hook)');
    expect(md).not.toContain('### The machine over the measured windows');
  });

  it('says when the service half ran under the V8 profiler and the baseline did not, and not otherwise', () => {
    const profiled = {
      intervalUs: 1000,
      profiles: 2,
      workers: 2,
      windowSeconds: 60,
      cpuMs: 30_000,
      idleMs: 30_000,
      packages: [],
      topFrames: [],
      machine: machine().service,
    };
    const run = withBaseline({ ...service(), cpuProfile: profiled });
    expect(profilerNote(run).join('\n')).toContain("V8's sampling profiler (one sample every 1000 µs per worker");
    expect(baselineCpu(run)).toContain('`--cpu-profile off`');
    // --cpu-profile off (or a run without a V8 profile): the halves ran alike, nothing to say.
    expect(profilerNote(withBaseline())).toEqual([]);
    expect(baselineCpu(withBaseline())).not.toContain('sampling profiler');
  });

  it('reads each half’s profiling from what its run recorded of the plan', () => {
    // A profiled service half at 1000 µs (the summary a V8 profile gives; no profile in it here).
    const profiled = { ...service(), cpuProfile: summarise([], emptyTree(), 1000, machine().service) };
    const run = withBaseline(profiled);
    expect(run.baseline!.profiling).toEqual({
      profiled: false,
      why: 'bare baselines are not profiled (they have no hook)',
    });
    expect(profilerNote(run).join('\n')).toContain("V8's sampling profiler (one sample every 1000 µs per worker");
    // A baseline half recorded as profiled (none is today): the halves ran alike, nothing to say.
    const bothProfiled = {
      ...run,
      baseline: { ...run.baseline!, profiling: { profiled: true as const, intervalUs: 1000 } },
    };
    expect(profilerNote(bothProfiled)).toEqual([]);
    // A baseline half recorded before its profiling was: a bare baseline, never profiled.
    const older = { ...run, baseline: { ...run.baseline!, profiling: undefined } };
    expect(profilerNote(older).join('\n')).toContain("V8's sampling profiler (one sample every 1000 µs per worker");
  });
});

// A run recorded since the bench reads the server processes' context switches: the machine
// fixture's server rows with the switches summed over 60 s of windows, at the per-request
// figures measured at ~100 req/s (service API workers ~2.9 wakeups per request, baseline ~2.0).
const WINDOW_SECONDS = 60;
const switched = (m: GroupCpu[], run: RunData, wakeups: number, preemptions: number): GroupCpu[] => {
  const perSecond = runTotals(run).avgRps;
  return m.map((g) =>
    g.name.startsWith('service (')
      ? {
          ...g,
          contextSwitches: {
            voluntary: wakeups * perSecond * WINDOW_SECONDS,
            involuntary: preemptions * perSecond * WINDOW_SECONDS,
            seconds: WINDOW_SECONDS,
          },
        }
      : g,
  );
};
const serviceSwitched = (): RunData => {
  const run = service();
  return {
    ...run,
    cpuProfile: { notMeasured: 'no V8 profile in this fixture', machine: switched(machine().service, run, 2.9, 0.05) },
  };
};
const baselineSwitched = (): RunData => {
  const run = baseline();
  return {
    ...run,
    cpuProfile: {
      notMeasured: 'bare baselines are not profiled (they have no hook)',
      machine: switched(machine().baseline, run, 2, 0.04),
    },
  };
};
const WAKEUPS = 'Wakeups per request (voluntary switches)';
const PREEMPTIONS = 'Preemptions per request (involuntary)';

describe('wakeups and preemptions per request, beside CPU per request', () => {
  it('are each half’s switches per second over the windows ÷ its req/s, as CPU per request is', () => {
    const c = compareCpu(withBaseline(serviceSwitched(), baselineSwitched()))!;
    expect(c.service).toMatchObject({ msPerRequest: msPerRequest(machine().service, service()) });
    expect((c.service as { wakeupsPerRequest: number }).wakeupsPerRequest).toBeCloseTo(2.9, 12);
    expect((c.service as { preemptionsPerRequest: number }).preemptionsPerRequest).toBeCloseTo(0.05, 12);
    expect((c.baseline as { wakeupsPerRequest: number }).wakeupsPerRequest).toBeCloseTo(2, 12);
  });

  it('shows both halves’ figures and the service ÷ baseline ratio in the section, with what they count', () => {
    const run = withBaseline(serviceSwitched(), baselineSwitched());
    const section = baselineCpu(run);
    expect(tableRow(section, 'Half')).toEqual([
      'Half',
      'Server processes CPU (avg, % of one core)',
      'Req/s (k6, warm-up excluded)',
      'CPU per request',
      WAKEUPS,
      PREEMPTIONS,
    ]);
    expect(tableRow(section, 'service').slice(3)).toEqual([
      cpuMsCell(msPerRequest(machine().service, service())),
      '2.90',
      '0.05',
    ]);
    expect(tableRow(section, 'baseline').slice(4)).toEqual(['2.00', '0.04']);
    expect(tableRow(section, 'service ÷ baseline').slice(4)).toEqual(['1.45×', '1.25×']);
    expect(section).toContain(
      'A voluntary switch is the event loop going to sleep with nothing to do (epoll_wait) and being woken',
    );
    expect(section).toContain('so wakeups per request explain part of CPU per request');
    const md = renderReport(run, targets, []);
    expect(md).toContain(section);
    expect(emptyCells(md)).toEqual([]);
    // the baseline section has them: the service's own machine section does not repeat them
    expect(md).not.toContain('### The server processes per request');
  });

  it('leaves the columns out for runs recorded before the switches were', () => {
    const section = baselineCpu(withBaseline());
    expect(section).not.toContain(WAKEUPS);
    expect(section).not.toContain('voluntary switch');
    expect(tableRow(section, 'Half')).toHaveLength(4);
    expect(tableRow(section, 'service')).toHaveLength(4);
    expect(tableRow(section, 'service ÷ baseline')).toHaveLength(4);
    expect(renderReport(service(), targets, [])).not.toContain('### The server processes per request');
    expect(renderReport(baseline(), targets, [])).not.toContain(WAKEUPS);
  });

  it('says why in a half without them, and gives no ratio', () => {
    const older = baselineCpu(withBaseline(serviceSwitched(), baseline()));
    expect(tableRow(older, 'service').slice(4)).toEqual(['2.90', '0.05']);
    expect(tableRow(older, 'baseline').slice(4)).toEqual([
      'not measured: this half recorded no context switches',
      'not measured: as before',
    ]);
    expect(tableRow(older, 'service ÷ baseline').slice(4)).toEqual([
      'not measured: a half recorded no context switches',
      'not measured: as before',
    ]);
    // a half without CPU at all: every cell of its row says why
    const unmeasured = baselineCpu(withBaseline(serviceSwitched(), baseline(false)));
    expect(tableRow(unmeasured, 'baseline')).toHaveLength(6);
    expect(tableRow(unmeasured, 'service ÷ baseline')).toEqual([
      'service ÷ baseline',
      'not measured: a half was not measured',
      ...Array(4).fill('not measured: as before'),
    ]);
    expect(emptyCells(unmeasured)).toEqual([]);
  });

  it('shows a run without a baseline half its own, under its machine table', () => {
    const alone: RunData = { ...serviceSwitched(), baseline: undefined };
    const md = renderReport(alone, targets, []);
    expect(md).toContain('### The server processes per request');
    expect(tableRow(md, 'Processes')).toEqual(['Processes', 'CPU per request', WAKEUPS, PREEMPTIONS]);
    expect(tableRow(md, 'server processes')).toEqual([
      'server processes',
      cpuMsCell(msPerRequest(machine().service, service())),
      '2.90',
      '0.05',
    ]);
    expect(md).toContain('A voluntary switch is the event loop going to sleep');
    expect(emptyCells(md)).toEqual([]);
    // the baseline's own REPORT.md likewise
    expect(tableRow(renderReport(baselineSwitched(), targets, []), 'server processes').slice(2)).toEqual([
      '2.00',
      '0.04',
    ]);
  });
});
