import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/targets';
import { RunData } from '../report/model';
import { emptyCells, renderReport } from '../report/write-report';
import { tableRow } from '../testing/table-row';
import { CpuProfile } from './cpuprofile';
import { eventLoopStalls } from './event-loop-stalls';
import { flameGraph } from './flame-graph';
import { mergeProfiles, summarise } from './summary';
import { GroupCpu } from './stack-cpu';

// A recorded profile: one notifications worker over a smoke run's measured window (taken by
// the runtime hook), and a recorded run for the report around it.
const profile = (): CpuProfile =>
  JSON.parse(
    gunzipSync(readFileSync(join(__dirname, 'fixtures', 'notifications-smoke-worker.cpuprofile.gz'))).toString(),
  ) as CpuProfile;
const run = (): RunData =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'report', 'fixtures', 'notifications-smoke.service.run.json'), 'utf8'),
  ) as RunData;
const machine: GroupCpu[] = [
  { name: 'service (all workers)', avgPercent: 23.3, maxPercent: 37 },
  { name: 'k6', avgPercent: 3.4, maxPercent: 5 },
  { name: 'Kafka', avgPercent: null, maxPercent: null, why: 'no run/kafka.pid under /stack' },
];

describe('a recorded worker profile', () => {
  const p = profile();
  const tree = mergeProfiles([p]);
  const s = summarise([{ pid: 6064, profile: p }], tree, 1000, machine);

  it('accounts for every sampled millisecond once, idle apart', () => {
    const sampled = (p.endTime - p.startTime) / 1000;
    expect(s.cpuMs + s.idleMs).toBeGreaterThan(sampled * 0.95);
    expect(s.cpuMs + s.idleMs).toBeLessThan(sampled * 1.05);
    expect(s.packages.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 9);
    expect(s.packages.reduce((a, x) => a + x.withInternalsShare, 0)).toBeCloseTo(1, 9);
  });

  it("finds the service's libraries by name", () => {
    const names = s.packages.map((x) => x.name);
    for (const pkg of ['prisma', 'pg', 'kafkajs', 'ours', 'node internals', 'gc']) expect(names).toContain(pkg);
  });

  it('charges socket writes to the package that asked for them', () => {
    const writes = s.topFrames.filter((f) => /^write/.test(f.frame));
    expect(writes.length).toBeGreaterThan(0);
    expect(
      writes.every((f) => f.package === 'node internals' && f.calledFrom && f.calledFrom !== 'node internals'),
    ).toBe(true);
  });

  it('draws it as a flame graph no wider than the page', () => {
    const svg = flameGraph(tree, 'recorded');
    const widths = [...svg.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)"/g)].map((m) => +m[1] + +m[2]);
    expect(Math.max(...widths)).toBeLessThanOrEqual(1200.01);
    expect(svg).toContain('[prisma]');
  });

  it('goes into the report: flame graph, package and frame tables, the machine beside it, the bottleneck line', () => {
    const md = renderReport({ ...run(), cpuProfile: { ...s, flameGraph: 'cpu-flame.svg' } }, loadTargets(), []);
    expect(md).toContain('## Where the CPU goes (V8 profile of the service workers)');
    expect(md).toContain('![CPU flame graph](cpu-flame.svg)');
    expect(md).toContain('Sampling every 1000 µs');
    expect(tableRow(md, 'prisma')[2]).toMatch(/^\d+\.\d %$/);
    // The section's own machine table (the recorded run's baseline section has one side by side).
    const section = md.slice(md.indexOf('## Where the CPU goes'));
    expect(tableRow(section, 'k6')).toEqual(['k6', '3.4 %', '5.0 %']);
    expect(tableRow(section, 'Kafka')[1]).toBe('not measured: no run/kafka.pid under /stack');
    expect(md).toMatch(/Service CPU by package \(profile; self time with the node internals each called\): \w/);
    expect(emptyCells(md)).toEqual([]);
  });

  it("lists the worker's event-loop stalls, each charged to packages", () => {
    const stalls = eventLoopStalls([{ pid: 6064, profile: p }], 5);
    const md = renderReport({ ...run(), cpuProfile: { ...s, stalls } }, loadTargets(), []);
    expect(md).toContain('### Event-loop stalls (5 ms or more without an idle sample)');
    const worker = tableRow(md, 'pid 6064');
    expect(worker[2]).toBe(String(stalls.workers[0].stretches));
    expect(stalls.longest.length).toBeGreaterThan(0);
    expect(md).toContain(`| ${stalls.longest[0].ms.toFixed(0)} ms |`);
    expect(emptyCells(md)).toEqual([]);
  });

  it('says why when there is no profile', () => {
    const md = renderReport(
      { ...run(), cpuProfile: { notMeasured: 'the service was already running' } },
      loadTargets(),
      [],
    );
    expect(md).toContain('not measured: the service was already running');
    expect(md).not.toContain('Service CPU by package');
  });
});
