import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TargetsFile } from '../targets/targets';
import { RunData } from './model';
import { reportFacts } from './facts';
import { environment, header } from './render/summary';
import { asyncLatency, errors, responseTimes, targetsTable, throughput } from './render/results';
import { resources } from './render/resources';
import { baselineComparison } from './render/baseline-comparison';
import { cpuBottleneckNote, cpuProfileSection } from '../profile/render-profile';
import { costModel } from './render/cost-model';
import { realtime } from './render/realtime';
import { bottlenecks, capacity, generator, recovery } from './render/judgements';
import { latencyChart, levelsChart, throughputChart } from '../charts/run-charts';

/** REPORT.md text; charts are referenced by file name (written by writeReport). */
export function renderReport(run: RunData, targets: TargetsFile, charts: string[]): string {
  const f = reportFacts(run, targets);
  const parts = [
    header(run, f),
    environment(run, f),
    targetsTable(run, f),
    responseTimes(run, f),
    throughput(run, f),
    baselineComparison(run),
    costModel(run),
    errors(f),
    asyncLatency(f),
    realtime(run),
    run.locust?.markdown,
    resources(run, f),
    cpuProfileSection(run),
    recovery(f),
    generator(f),
    bottlenecks(f),
    cpuBottleneckNote(run),
    capacity(f),
    ['## Charts', '', ...charts.map((c) => `![${c}](${c})`)].join('\n'),
    [
      '## Raw files',
      '',
      '- `run.json`: every number this report was written from',
      ...run.scripts.map(
        (s) =>
          `- \`${s.script}.summary.json\`, \`${s.script}.series.csv.gz\`, \`${s.script}.k6.log\`: k6 summary, time series, output`,
      ),
      '- `prometheus.json`, `postgres.json`, `redis.json`, `kafka.json`: metric snapshots of the run window',
    ].join('\n'),
  ];
  return parts.filter(Boolean).join('\n\n') + '\n';
}

export function writeReport(dir: string, run: RunData, targets: TargetsFile): string {
  const charts: string[] = [];
  const windows = run.scripts.flatMap((s) => s.series.windows);
  if (windows.length) {
    writeFileSync(join(dir, 'latency.svg'), latencyChart(windows));
    writeFileSync(join(dir, 'throughput.svg'), throughputChart(windows));
    charts.push('latency.svg', 'throughput.svg');
  }
  if (run.levels?.length) {
    writeFileSync(join(dir, 'levels.svg'), levelsChart(run.levels));
    charts.push('levels.svg');
  }
  const file = join(dir, 'REPORT.md');
  writeFileSync(file, renderReport(run, targets, charts));
  return file;
}

/** Table cells that are empty or placeholders — CI fails a report that has any. */
export function emptyCells(markdown: string): string[] {
  const bad: string[] = [];
  markdown.split('\n').forEach((line, i) => {
    if (!line.startsWith('|') || /^\|(\s*-+\s*\|)+$/.test(line)) return;
    const cells = line.replace(/\\\|/g, '¦').split('|').slice(1, -1);
    cells.forEach((c, k) => {
      const v = c.trim();
      if (v === '' || /^(TBD|NaN|undefined|null|\?)$/i.test(v) || /\bNaN\b|undefined/.test(v))
        bad.push(`line ${i + 1}, cell ${k + 1}: "${v}"`);
    });
  });
  return bad;
}
