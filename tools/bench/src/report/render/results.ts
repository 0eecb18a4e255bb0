import { RunData } from '../model';
import { ReportFacts } from '../facts';
import { NM, count, ms, pct, rate, status, table, times } from '../cells';
import { cpuPerRequestCell } from './baseline-cpu';

// What the load saw: graded targets, response times, throughput, errors, async paths.

export function targetsTable(run: RunData, f: ReportFacts): string {
  const rows = [...f.thresholds, ...f.throughput];
  const warmup = run.config.warmupSeconds;
  const withK6 = rows.some((r) => r.k6 !== undefined);
  const how = warmup
    ? `graded on the window the tables show (after the first ${warmup} s warm-up of each script); k6's own verdict, over the whole run with the warm-up, is beside each and does not count`
    : 'k6 graded them during the run';
  return [
    '## Test Results against targets',
    '',
    `Thresholds come from \`load-tests/targets.json\` (profile "${run.profile}"); ${how}.`,
    '',
    table(
      ['Scope', 'Metric', 'Value', 'Target', 'Status', ...(withK6 ? ['k6 incl. warm-up'] : [])],
      rows.length
        ? rows.map((r) => [
            r.scope,
            r.metric,
            r.shown,
            r.target,
            r.ok === null ? `n/a (${r.why ?? 'no target'})` : status(r.ok),
            ...(withK6 ? [r.k6 ?? '—'] : []),
          ])
        : [['all', 'thresholds', NM('the scripts declared no thresholds'), 'targets.json', 'FAIL']],
    ),
  ].join('\n');
}

export function responseTimes(run: RunData, f: ReportFacts): string {
  const rows = f.endpoints.map(({ endpoint: e, grade: g }) => {
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
      g.target,
      g.ok === null ? `n/a (${g.why ?? 'no target'})` : status(g.ok),
    ];
  });
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

export function throughput(run: RunData, f: ReportFacts): string {
  const t = f.totals;
  const b = run.baseline;
  return [
    '## Throughput',
    '',
    table(
      ['Metric', 'Value'],
      [
        ['Total Requests', count(t.requests)],
        ['Average RPS', rate(t.avgRps)],
        ['Peak RPS (5 s window)', rate(t.peakRps)],
        [
          'Server-side RPS (Prometheus, avg)',
          rate(run.prometheus.stats.rps?.avg, run.prometheus.stats.rps?.notMeasured),
        ],
        [
          'Throughput vs bare baseline',
          b
            ? `${times(f.baselineRatio?.rps, 'baseline had no samples')} (service ${rate(b.serviceRps)} / baseline ${rate(b.rps)}, ${b.name}${b.startedAfter ? `; baseline half ${b.startedAfter}` : ''})`
            : NM(run.baselineNotMeasured ?? 'run with --baseline'),
        ],
        [
          'p95 vs bare baseline',
          b
            ? `${times(f.baselineRatio?.p95, 'baseline had no samples')} (service ${ms(b.serviceP95)} / baseline ${ms(b.p95)})`
            : NM(run.baselineNotMeasured ?? 'run with --baseline'),
        ],
        ['CPU per request vs bare baseline', cpuPerRequestCell(run)],
      ],
    ),
  ].join('\n');
}

export function errors(f: ReportFacts): string {
  const e = f.errors;
  return [
    '## Error Rates',
    '',
    table(
      ['Kind', 'Count'],
      [
        ['Total Errors', count(e.total)],
        ['Error Rate', pct(f.totals.errorRate, 'no requests')],
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
      f.checks.length
        ? f.checks.map((c) => [c.name, count(c.passes), count(c.fails), pct(c.rate)])
        : [['all', '0', '0', NM('the scripts ran no checks')]],
    ),
  ].join('\n');
}

export function asyncLatency(f: ReportFacts): string {
  return [
    '## Asynchronous paths, end to end (accepted → effect)',
    '',
    table(
      ['Path', 'Samples', 'P50', 'P95', 'P99', 'Max', 'Observed'],
      f.e2e.length
        ? f.e2e.map(({ path, dist: d, observed }) => [
            path,
            count(d.count),
            ms(d.p50),
            ms(d.p95),
            ms(d.p99),
            ms(d.max),
            pct(observed),
          ])
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
