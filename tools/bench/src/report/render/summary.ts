import { RunData } from '../model';
import { ReportFacts } from '../facts';
import { bytes, count, ms, pct, rate, table } from '../cells';

// The report's head: what ran, the verdict, and where it ran.

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000', '');

export function header(run: RunData, f: ReportFacts): string {
  const t = f.totals;
  return [
    `# Performance Test Report — ${run.suite} / ${run.profile}`,
    '',
    `**Date**: ${iso(run.startedAt)}  `,
    `**System Version**: git ${run.machine.gitCommit}${run.machine.gitDirty ? ' (uncommitted changes)' : ''} on ${run.machine.gitBranch}  `,
    `**Test Duration**: ${(run.endedAt - run.startedAt).toFixed(0)} s (k6 scripts: ${run.scripts.map((s) => s.script).join(', ')})  `,
    `**Test Engineer**: perflab bench (\`${run.config.command}\`)`,
    '',
    '## Executive Summary',
    '',
    table(
      ['Item', 'Value'],
      [
        ['Verdict', f.pass ? 'PASS — every graded target met' : `FAIL — ${f.failReasons.join('; ')}`],
        ['Achieved Throughput', `${rate(t.avgRps)} average, ${rate(t.peakRps)} peak (${count(t.requests)} requests)`],
        ['Worst endpoint p95 / p99', `${ms(t.worstP95)} / ${ms(t.worstP99)}`],
        ['Error rate', pct(t.errorRate, 'no requests')],
        [
          'Load generator saturated?',
          f.generator.saturated ? `YES — ${f.generator.reasons.join('; ')}` : 'no (see the generator check below)',
        ],
        [
          'Machine shared with other work?',
          f.shared.shared
            ? `YES — ${f.shared.reason}: a FAIL may be the neighbours, rerun before blaming the service`
            : `no — ${f.shared.reason}`,
        ],
        [
          'Targets missed',
          f.missed.length
            ? f.missed.map((m) => `${m.scope} ${m.metric} ${m.shown} (target ${m.target})`).join('; ')
            : 'none',
        ],
      ],
    ),
  ].join('\n');
}

/** What served the load, as counted from the OS during the run. */
export function instancesText(run: RunData): string {
  const i = run.config.serviceInstances;
  if (!i) return 'not measured: this run was recorded before the bench counted service processes';
  if (i.count === null) return `not measured: ${i.notMeasured}`;
  if (i.processes)
    return `${i.count} event loops in ${i.processes} processes (one per role; see Service processes), counted during the run`;
  return i.cluster
    ? `${i.count} cluster workers (node:cluster, one event loop each; child processes of pid ${i.pid}, counted during the run)`
    : `1 process (no cluster: one event loop; pid ${i.pid}, counted during the run)`;
}

function serviceEnvText(run: RunData): string {
  const c = run.config;
  if (!c.serviceStartedByBench) return 'none: the service was already running, started by someone else';
  const vars = Object.entries(c.serviceEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  if (!vars.length) return 'none beyond the stack URLs (no load-tests/<suite>/service*.env for this profile)';
  return `${vars.join(', ')} (from ${(c.serviceEnvFiles ?? []).join(' + ')})`;
}

export function environment(run: RunData, f: ReportFacts): string {
  const m = run.machine;
  const c = run.config;
  return [
    '## Test Environment',
    '',
    table(
      ['Item', 'Value'],
      [
        ['Application instances', instancesText(run)],
        [
          'Service',
          `${run.suite} at ${c.baseUrl} (${c.serviceStartedByBench ? 'started by the bench' : 'already running'})`,
        ],
        ['CPU', `${m.cores} cores — ${m.cpuModel}`],
        ['Memory', `${bytes(m.memoryBytes)} (free at start ${bytes(m.freeMemoryBytes)})`],
        [
          'Load average (1/5/15 min)',
          `at start ${m.loadAvg.map((x) => x.toFixed(2)).join(' / ')}${c.loadAvgEnd ? `; at end ${c.loadAvgEnd.map((x) => x.toFixed(2)).join(' / ')}` : ''}`,
        ],
        ['Shared CPU?', f.shared.shared ? `YES — ${f.shared.reason}` : `no — ${f.shared.reason}`],
        ['Kernel / host', `${m.kernel} / ${m.host}`],
        ['Node.js / k6', `${m.node} / ${m.k6}`],
        ['Git', `${m.gitCommit} on ${m.gitBranch}${m.gitDirty ? ', uncommitted changes' : ''}`],
        [
          'Scaling',
          `VU_SCALE ${c.vuScale}, RATE_SCALE ${c.rateScale}, DURATION_SCALE ${c.durationScale}${c.duration ? `, hold ${c.duration}` : ''}`,
        ],
        ['Service env (set by the bench)', serviceEnvText(run)],
        ['Service processes', c.processes?.length ? c.processes.join('; ') : 'not recorded'],
        ['Other services used', c.needs?.length ? c.needs.join('; ') : 'none'],
        [
          'Warm-up excluded',
          c.warmupSeconds
            ? `first ${c.warmupSeconds} s of each script (charted, not in the tables nor in the threshold grades; k6's own verdicts, which include it, are shown beside them)`
            : 'none (every request counted)',
        ],
        ['Run id', c.runId],
        ['Data', c.reset],
      ],
    ),
  ].join('\n');
}
