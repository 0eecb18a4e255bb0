import { TargetsFile, describeBound, meets, resourceTargets, targetsFor } from '../targets/targets';
import { RunData } from './model';
import { NM, bytes, count, finite, ms, num, pct, percentValue, rate, status, table } from './cells';
import { allRows, overall, resourceRows, thresholdRows, throughputRows } from './grade';
import { bottlenecks, generatorSaturation, sharedCpu } from './verdicts';

// The 002 and 004 report sections, each a pure function of the run.

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000', '');

function totals(run: RunData) {
  const reqs = run.scripts.reduce((a, s) => a + s.series.totalRequests, 0);
  const failed = run.scripts.reduce((a, s) => a + s.series.failedRequests, 0);
  const span = run.scripts.reduce((a, s) => a + Math.max(0, s.series.end - s.series.start), 0);
  const all = run.scripts.flatMap((s) => s.series.endpoints);
  const weighted = (k: 'p95' | 'p99') => {
    const n = all.reduce((a, e) => a + e.count, 0);
    return n ? Math.max(...all.map((e) => e[k])) : NaN;
  };
  return {
    reqs,
    failed,
    errorRate: reqs ? failed / reqs : NaN,
    avgRps: span ? reqs / span : NaN,
    peakRps: Math.max(0, ...run.scripts.map((s) => s.series.peakRps)),
    worstP95: weighted('p95'),
    worstP99: weighted('p99'),
  };
}

export function header(run: RunData, targets: TargetsFile): string {
  const t = totals(run);
  const gen = generatorSaturation(run);
  const fails = allRows(run, targets).filter((r) => r.ok === false);
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
        [
          'Verdict',
          overall(run, targets) ? 'PASS — every graded target met' : `FAIL — ${fails.length} target(s) missed`,
        ],
        ['Achieved Throughput', `${rate(t.avgRps)} average, ${rate(t.peakRps)} peak (${count(t.reqs)} requests)`],
        ['Worst endpoint p95 / p99', `${ms(t.worstP95)} / ${ms(t.worstP99)}`],
        ['Error rate', pct(t.errorRate, 'no requests')],
        [
          'Load generator saturated?',
          gen.saturated ? `YES — ${gen.reasons.join('; ')}` : 'no (see the generator check below)',
        ],
        [
          'Machine shared with other work?',
          sharedCpu(run).shared
            ? `YES — ${sharedCpu(run).reason}: a FAIL may be the neighbours, rerun before blaming the service`
            : `no — ${sharedCpu(run).reason}`,
        ],
        [
          'Targets missed',
          fails.length ? fails.map((f) => `${f.scope} ${f.metric} ${f.shown} (target ${f.target})`).join('; ') : 'none',
        ],
      ],
    ),
  ].join('\n');
}

export function environment(run: RunData): string {
  const m = run.machine;
  const c = run.config;
  return [
    '## Test Environment',
    '',
    table(
      ['Item', 'Value'],
      [
        ['Application instances', '1 (Node.js, one event loop)'],
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
        ['Shared CPU?', sharedCpu(run).shared ? `YES — ${sharedCpu(run).reason}` : `no — ${sharedCpu(run).reason}`],
        ['Kernel / host', `${m.kernel} / ${m.host}`],
        ['Node.js / k6', `${m.node} / ${m.k6}`],
        ['Git', `${m.gitCommit} on ${m.gitBranch}${m.gitDirty ? ', uncommitted changes' : ''}`],
        [
          'Scaling',
          `VU_SCALE ${c.vuScale}, RATE_SCALE ${c.rateScale}, DURATION_SCALE ${c.durationScale}${c.duration ? `, hold ${c.duration}` : ''}`,
        ],
        ['Service env (set by the bench)', serviceEnvText(run)],
        ['Other services used', c.needs?.length ? c.needs.join('; ') : 'none'],
        [
          'Warm-up excluded',
          c.warmupSeconds
            ? `first ${c.warmupSeconds} s of each script (charted, not in the tables; k6's own threshold verdicts include it)`
            : 'none (every request counted)',
        ],
        ['Run id', c.runId],
        ['Data', `${c.reset}; ${c.seed}`],
      ],
    ),
  ].join('\n');
}

function serviceEnvText(run: RunData): string {
  const c = run.config;
  if (!c.serviceStartedByBench) return 'none: the service was already running, started by someone else';
  const vars = Object.entries(c.serviceEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  if (!vars.length) return 'none beyond the stack URLs (no load-tests/<suite>/service*.env for this profile)';
  return `${vars.join(', ')} (from ${(c.serviceEnvFiles ?? []).join(' + ')})`;
}

export function recoverySection(run: RunData, targets: TargetsFile): string {
  const rec = run.recovery;
  if (!rec?.length) return '';
  const bound = resourceTargets(targets, run.suite, run.profile).recovery_seconds;
  return [
    '## Recovery after the load is removed (001 §6.2)',
    '',
    `Measured from the moment k6 exited: probes until ${rec[0].probe.replace(/, window/, ' all answer 200 in a window')} has p95 under the scenario's p95 bar.`,
    '',
    table(
      ['Script', 'Recovered after', 'First probes p95', 'Bar (p95)', 'Probes', 'Target', 'Status'],
      rec.map((r) => [
        r.script,
        r.seconds === null ? `not within ${r.timeoutSeconds} s` : `${r.seconds.toFixed(1)} s`,
        ms(r.firstWindowP95Ms),
        `${r.p95BarMs} ms`,
        count(r.samples),
        bound !== undefined ? `${describeBound(bound)} s` : 'n/a (no recovery target for this profile)',
        bound !== undefined ? status(r.seconds !== null && meets(r.seconds, bound)) : 'n/a (no target)',
      ]),
    ),
  ].join('\n');
}

export function targetsTable(run: RunData, targets: TargetsFile): string {
  const rows = [...thresholdRows(run), ...throughputRows(run, targets)];
  return [
    '## Test Results against targets',
    '',
    `Thresholds come from \`load-tests/targets.json\` (profile "${run.profile}"); k6 graded them during the run.`,
    '',
    table(
      ['Scope', 'Metric', 'Value', 'Target', 'Status'],
      rows.length
        ? rows.map((r) => [
            r.scope,
            r.metric,
            r.shown,
            r.target,
            r.ok === null ? `n/a (${r.why ?? 'no target'})` : status(r.ok),
          ])
        : [['all', 'thresholds', NM('the scripts declared no thresholds'), 'targets.json', 'FAIL']],
    ),
  ].join('\n');
}

export function responseTimes(run: RunData, targets: TargetsFile): string {
  const rows = run.scripts.flatMap((s) =>
    s.series.endpoints.map((e) => {
      let target = 'n/a (scenario not in targets.json)';
      let st = 'n/a (no target)';
      const suite = targets.suites[run.suite];
      if (suite?.scenarios[e.scenario]) {
        const t = targetsFor(targets, run.suite, e.scenario, run.profile);
        const b = t.latency_ms?.p95;
        if (b !== undefined) {
          target = `p95 ${describeBound(b)} ms`;
          st = status(meets(e.p95, b));
        }
      }
      return [
        e.name,
        e.scenario,
        count(e.count),
        ms(e.p50),
        ms(e.p95),
        ms(e.p99),
        ms(e.p999),
        ms(e.max),
        pct(e.failed / e.count),
        target,
        st,
      ];
    }),
  );
  const server = run.prometheus.routes;
  return [
    '## Response Times (k6, client side)',
    '',
    table(
      ['Endpoint', 'Scenario', 'Requests', 'P50', 'P95', 'P99', 'P99.9', 'Max', 'Errors', 'Target', 'Status'],
      rows.length
        ? rows
        : [['all', 'all', '0', ...Array(5).fill(NM('no requests were made')), NM('no requests'), 'n/a', 'FAIL']],
    ),
    '',
    '### Server-side latency by route (Prometheus `http_request_duration_seconds`)',
    '',
    server.length
      ? table(
          ['Route', 'P95', 'P99'],
          server.map((r) => [r.route, ms(r.p95ms), ms(r.p99ms)]),
        )
      : table(
          ['Route', 'P95', 'P99'],
          [
            [
              'all',
              NM(
                run.prometheus.notMeasured ??
                  `no http_request_duration_seconds samples for job "${run.prometheus.job}"`,
              ),
              NM('as P95'),
            ],
          ],
        ),
  ].join('\n');
}

export function throughput(run: RunData): string {
  const t = totals(run);
  const b = run.baseline;
  const ratio = (x: number, y: number) =>
    finite(x) && finite(y) && y > 0 ? `${(x / y).toFixed(2)}×` : NM('baseline had no samples');
  return [
    '## Throughput',
    '',
    table(
      ['Metric', 'Value'],
      [
        ['Total Requests', count(t.reqs)],
        ['Average RPS', rate(t.avgRps)],
        ['Peak RPS (5 s window)', rate(t.peakRps)],
        [
          'Server-side RPS (Prometheus, avg)',
          rate(run.prometheus.stats.rps?.avg, run.prometheus.stats.rps?.notMeasured),
        ],
        [
          'Throughput vs bare baseline',
          b
            ? `${ratio(b.serviceRps, b.rps)} (service ${rate(b.serviceRps)} / baseline ${rate(b.rps)}, ${b.name})`
            : NM(run.baselineNotMeasured ?? 'run with --baseline'),
        ],
        [
          'p95 vs bare baseline',
          b
            ? `${ratio(b.serviceP95, b.p95)} (service ${ms(b.serviceP95)} / baseline ${ms(b.p95)})`
            : NM(run.baselineNotMeasured ?? 'run with --baseline'),
        ],
      ],
    ),
  ].join('\n');
}

export function errors(run: RunData): string {
  const e = run.scripts.reduce(
    (a, s) => {
      for (const k of ['total', 'timeout', 'connection', 'rateLimited', 'http4xx', 'http5xx', 'other'] as const)
        a[k] += s.series.errors[k];
      for (const [st, n] of Object.entries(s.series.errors.byStatus)) a.byStatus[st] = (a.byStatus[st] ?? 0) + n;
      return a;
    },
    {
      total: 0,
      timeout: 0,
      connection: 0,
      rateLimited: 0,
      http4xx: 0,
      http5xx: 0,
      other: 0,
      byStatus: {} as Record<string, number>,
    },
  );
  const t = totals(run);
  const checks = run.scripts.flatMap((s) =>
    Object.entries(s.series.checks).map(([name, c]) => [
      name,
      count(c.passes),
      count(c.fails),
      pct(c.passes / (c.passes + c.fails)),
    ]),
  );
  return [
    '## Error Rates',
    '',
    table(
      ['Kind', 'Count'],
      [
        ['Total Errors', count(e.total)],
        ['Error Rate', pct(t.errorRate, 'no requests')],
        ['Timeout Errors', count(e.timeout)],
        ['Connection Errors', count(e.connection)],
        ['Rate Limit (429)', count(e.rateLimited)],
        ['Other 4xx', count(e.http4xx)],
        ['5xx', count(e.http5xx)],
        [
          'By status',
          Object.keys(e.byStatus).length
            ? Object.entries(e.byStatus)
                .map(([k, v]) => `${k === '0' ? 'no response' : k}: ${v}`)
                .join(', ')
            : 'none',
        ],
      ],
    ),
    '',
    '### Checks',
    '',
    table(
      ['Check', 'Passes', 'Fails', 'Rate'],
      checks.length ? checks : [['all', '0', '0', NM('the scripts ran no checks')]],
    ),
  ].join('\n');
}

export function asyncLatency(run: RunData): string {
  const rows = run.scripts.flatMap((s) =>
    Object.entries(s.series.e2e).map(([sc, d]) => [
      sc,
      count(d.count),
      ms(d.p50),
      ms(d.p95),
      ms(d.p99),
      ms(d.max),
      pct(d.delivered / Math.max(1, d.delivered + d.lost)),
    ]),
  );
  return [
    '## Asynchronous paths, end to end (accepted → effect)',
    '',
    table(
      ['Path', 'Samples', 'P50', 'P95', 'P99', 'Max', 'Observed'],
      rows.length
        ? rows
        : [
            [
              'all',
              '0',
              ...Array(4).fill(NM('this suite records no e2e_latency_ms (no async path in its scripts)')),
              NM('as P50'),
            ],
          ],
    ),
  ].join('\n');
}

const resLine = (
  label: string,
  s: { min?: number; avg?: number; max?: number; notMeasured?: string } | undefined,
  f: (v: number | undefined, why?: string) => string,
  target: string,
  ok: boolean | null,
) => {
  const why = s?.notMeasured ?? 'metric not collected';
  return [label, f(s?.min, why), f(s?.avg, why), f(s?.max, why), target, status(ok)];
};

export function resources(run: RunData, targets: TargetsFile): string {
  const st = run.prometheus.stats;
  const graded = new Map(resourceRows(run, targets).map((r) => [r.metric, r]));
  const tgt = (k: string) => graded.get(k)?.target ?? 'N/A';
  const ok = (k: string) => graded.get(k)?.ok ?? null;
  const pg = run.postgres.after;
  const r = run.redis;
  const pgWhy = pg.notMeasured ?? 'pg_stat_statements unavailable';
  return [
    '## System Resource Utilization',
    '',
    `### Application Server (job "${run.prometheus.job}", Prometheus, 5 s scrapes)`,
    '',
    table(
      ['Metric', 'Min', 'Avg', 'Max', 'Target', 'Status'],
      [
        resLine(
          'CPU Usage (% of one core)',
          st.cpu_percent,
          (v, w) => percentValue(v, w),
          tgt('cpu_percent'),
          ok('cpu_percent'),
        ),
        resLine(
          'Memory Usage (RSS)',
          st.memory_bytes,
          (v, w) => bytes(v, w),
          graded.has('memory_bytes') ? tgt('memory_bytes') : tgt('memory_percent') + ' % of RAM',
          graded.has('memory_bytes') ? ok('memory_bytes') : ok('memory_percent'),
        ),
        resLine('Heap Used', st.heap_bytes, (v, w) => bytes(v, w), 'N/A', null),
        resLine('Event-loop Lag', st.eventloop_lag_ms, (v, w) => ms(v, w), 'N/A', null),
        resLine('HTTP p95 (server)', st.http_p95_ms, (v, w) => ms(v, w), 'N/A', null),
      ],
    ),
    '',
    '### Database (PostgreSQL)',
    '',
    table(
      ['Metric', 'Min', 'Avg', 'Max', 'Target', 'Status'],
      [
        resLine(
          'Connections (pool, db_connections_active)',
          st.db_connections,
          (v, w) => num(v, 1, w),
          tgt('db_connections'),
          ok('db_connections'),
        ),
        [
          'Connections (pg_stat_activity, after)',
          count(pg.totalConnections, pgWhy),
          count(pg.totalConnections, pgWhy),
          count(pg.totalConnections, pgWhy),
          `max_connections ${count(pg.maxConnections, pgWhy)}`,
          'n/a (no target)',
        ],
        resLine(
          'Query Latency p95',
          st.db_query_p95_ms,
          (v, w) => ms(v, w),
          tgt('db_query_p95_ms'),
          ok('db_query_p95_ms'),
        ),
        [
          'Lock Waits (after)',
          count(pg.lockWaits, pgWhy),
          count(pg.lockWaits, pgWhy),
          count(pg.lockWaits, pgWhy),
          '< 10',
          status(finite(pg.lockWaits) ? pg.lockWaits < 10 : null),
        ],
        [
          'Slow Queries (mean > 100 ms)',
          count(pg.slowQueries, pgWhy),
          count(pg.slowQueries, pgWhy),
          count(pg.slowQueries, pgWhy),
          tgt('db_slow_queries'),
          status(ok('db_slow_queries')),
        ],
      ],
    ),
    '',
    `Top queries by total time (pg_stat_statements${pg.statementsReset ? ', reset at the start of the run' : ', NOT reset: includes earlier work'}):`,
    '',
    table(
      ['Query', 'Calls', 'Mean', 'Max', 'Total'],
      pg.topQueries.length
        ? pg.topQueries.map((q) => [`\`${q.query}\``, count(q.calls), ms(q.meanMs), ms(q.maxMs), ms(q.totalMs)])
        : [
            [
              'none',
              '0',
              NM(pgWhy === 'pg_stat_statements unavailable' ? 'no statements recorded in the run' : pgWhy),
              NM('as Mean'),
              NM('as Mean'),
            ],
          ],
    ),
    '',
    '### Cache (Redis)',
    '',
    table(
      ['Metric', 'Value', 'Target', 'Status'],
      [
        [
          'Memory Usage',
          `${bytes(r.usedMemoryBytes, r.notMeasured)} (${percentValue(r.memoryPercent, r.notMeasured)} of limit)`,
          tgt('redis_memory_percent'),
          status(ok('redis_memory_percent')),
        ],
        [
          'Hit Rate (service cache_hits/misses, avg; else Redis INFO)',
          graded.get('redis_hit_rate')?.value != null
            ? pct(graded.get('redis_hit_rate')!.value)
            : (graded.get('redis_hit_rate')?.shown ?? NM('no target level')),
          tgt('redis_hit_rate'),
          status(ok('redis_hit_rate')),
        ],
        [
          'Hit Rate (Redis INFO keyspace, whole server)',
          pct(r.hitRate, r.notMeasured ?? 'no keyspace lookups during the run'),
          'N/A',
          'n/a (no target)',
        ],
        ['Commands/sec (whole server)', num(r.commandsPerSec, 1, r.notMeasured), 'N/A', 'n/a (no target)'],
        ['Evictions', count(r.evictions, r.notMeasured), tgt('redis_evictions'), status(ok('redis_evictions'))],
        [
          'Latency p95 (redis_command_duration_seconds)',
          ms(st.redis_latency_p95_ms?.max, st.redis_latency_p95_ms?.notMeasured),
          tgt('redis_latency_p95_ms'),
          status(ok('redis_latency_p95_ms')),
        ],
      ],
    ),
    '',
    '### Kafka',
    '',
    table(
      ['Metric', 'Value', 'Target', 'Status'],
      [
        [
          'Consumer lag (service metric kafka_consumer_lag, max)',
          num(st.kafka_lag?.max, 0, st.kafka_lag?.notMeasured),
          tgt('kafka_lag'),
          status(ok('kafka_lag')),
        ],
        ['Consumer groups on the broker (lag after the run)', kafkaGroups(run), 'N/A', 'n/a (no target)'],
      ],
    ),
  ].join('\n');
}

function kafkaGroups(run: RunData): string {
  if (run.kafka.error) return NM(`Kafka admin failed: ${run.kafka.error}`);
  const live = run.kafka.groups.filter((g) => g.members > 0 || g.lag > 0);
  const idle = run.kafka.groups.length - live.length;
  const shown = live.slice(0, 8).map((g) => `${g.group}: lag ${g.lag} (${g.members} members)`);
  return [...shown, `${idle} other group(s) without members, lag 0`].join('; ');
}

export function generator(run: RunData): string {
  const g = generatorSaturation(run);
  return [
    '## Load generator saturated?',
    '',
    `**${g.saturated ? 'YES — numbers below the bar may be the generator, not the service' : 'No'}.** ${g.reasons.join(' ')}`,
    '',
    ...g.evidence.map((e) => `- ${e}`),
  ].join('\n');
}

export function bottleneckSection(run: RunData, targets: TargetsFile): string {
  const b = bottlenecks(run, targets);
  const names = ['Primary', 'Secondary', 'Tertiary'];
  return [
    '## Bottlenecks Identified',
    '',
    'Ranked by how close each resource came to its bar (utilisation = measured / limit).',
    '',
    table(
      ['Rank', 'Component', 'Utilisation', 'Evidence'],
      b.length
        ? b
            .slice(0, 5)
            .map((x, i) => [names[i] ?? `#${i + 1}`, x.component, `${(x.utilisation * 100).toFixed(0)} %`, x.evidence])
        : [
            [
              'Primary',
              NM('no resource metrics were collected'),
              NM('no resource metrics'),
              'Prometheus had no samples for this job',
            ],
          ],
    ),
  ].join('\n');
}

export function capacity(run: RunData): string {
  const levels = run.levels;
  if (!levels?.length) return '';
  const broken = levels.find((l) => !l.passed);
  const okLevels = levels.filter((l) => l.passed);
  const best = okLevels.at(-1);
  const maxRps = Math.max(...levels.filter((l) => !l.generatorSaturated).map((l) => l.rps), 0);
  return [
    '## Results per Level (002 incremental)',
    '',
    table(
      [
        'Level',
        'VUs',
        'Throughput',
        'P95',
        'P99',
        'Error Rate',
        'CPU max',
        'Memory max',
        'DB conns max',
        'Kafka lag max',
        'Cache hit',
        'Generator saturated',
        'Status',
      ],
      levels.map((l) => [
        String(l.level),
        count(l.vus),
        rate(l.rps),
        ms(l.p95),
        ms(l.p99),
        pct(l.errorRate),
        percentValue(l.cpuPercentMax, 'no Prometheus samples'),
        bytes(l.memoryBytesMax, 'no Prometheus samples'),
        num(l.dbConnectionsMax, 0, 'no db_connections_active samples'),
        num(l.kafkaLagMax, 0, 'no kafka_consumer_lag samples'),
        pct(l.cacheHitRate, 'no cache metrics'),
        l.generatorSaturated ? 'yes' : 'no',
        l.passed ? 'PASS' : `FAIL: ${l.failures.join('; ')}`,
      ]),
    ),
    '',
    '## Capacity Planning',
    '',
    table(
      ['Metric', 'Value'],
      [
        [
          'Breaking Point',
          broken
            ? `level ${broken.level} (${count(broken.vus)} VUs): ${broken.failures.join('; ')}`
            : `not reached (all ${levels.length} levels met every target)`,
        ],
        ['Highest level meeting every target', best ? `level ${best.level} (${count(best.vus)} VUs)` : 'none'],
        ['Max Sustained Requests/Second', rate(maxRps)],
        ['Recommended Max Load', best ? `${count(best.vus)} VUs` : 'below the first level'],
      ],
    ),
  ].join('\n');
}
