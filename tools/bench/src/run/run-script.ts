import { runK6 } from '../k6-runner';
import { metricValue, readSummary, thresholdResults } from '../k6/summary';
import { realtimeMetricsOf } from '../k6/realtime-metrics';
import { cpuStats } from '../collectors/proc-cpu';
import { ScriptSpan } from '../load-window';
import { ScriptRun } from '../report/model';
import { stemOf } from './select-scripts';

// One k6 script: run it with the run's env, read its summary, and say what it did.

export interface ScriptOutcome {
  run: ScriptRun;
  span: ScriptSpan;
  /** unix seconds k6 exited (recovery is timed from here) */
  endedAt: number;
}

export async function runScript(opts: {
  k6Bin: string;
  script: string;
  dir: string;
  env: Record<string, string>;
  warmupSeconds: number;
  progressEvery: number;
  onLoadStart: () => Promise<void>;
  log: (s: string) => void;
}): Promise<ScriptOutcome> {
  const stem = stemOf(opts.script);
  const r = await runK6({
    k6Bin: opts.k6Bin,
    script: opts.script,
    outDir: opts.dir,
    stem,
    progressEvery: opts.progressEvery,
    warmupSeconds: opts.warmupSeconds,
    log: opts.log,
    onLoadStart: opts.onLoadStart,
    env: opts.env,
  });
  let summary;
  try {
    summary = readSummary(r.summaryFile);
  } catch {
    summary = { metrics: {} };
  }
  if (r.exitCode !== 0 && r.exitCode !== 99)
    opts.log(`k6 ${stem} exited ${r.exitCode}: ${r.stderrTail.slice(-3).join(' | ')}`);
  return {
    run: {
      script: stem,
      exitCode: r.exitCode,
      thresholds: thresholdResults(summary),
      series: r.series,
      vusMax: metricValue(summary, 'vus_max', 'max') ?? metricValue(summary, 'vus_max', 'value'),
      droppedIterations: metricValue(summary, 'dropped_iterations', 'count') ?? 0,
      iterations: metricValue(summary, 'iterations', 'count'),
      generatorCpu: cpuStats(r.generatorCpu),
      realtime: realtimeMetricsOf(summary),
    },
    span: { k6Start: r.startedAt, k6End: r.endedAt, loadStart: r.series.loadStart },
    endedAt: r.endedAt,
  };
}
