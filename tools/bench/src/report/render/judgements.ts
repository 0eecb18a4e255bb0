import { FirstSaturation, ReportFacts } from '../facts';
import { LevelResult } from '../model';
import { Bottleneck } from '../verdicts';
import { LEVELS, renderRoundStarts } from '../../round-start';
import { bytes, count, finite, ms, NM, num, pct, percentValue, rate, status, table } from '../cells';

// The report's conclusions: recovery, whether the generator was the limit, what ran out
// first, and (levels) where the service broke.

export function recovery(f: ReportFacts): string {
  const rec = f.recovery;
  if (!rec) return '';
  const target = rec.graded?.target ?? 'n/a (no recovery target for this profile)';
  return [
    '## Recovery after the load is removed (001 §6.2)',
    '',
    `Measured from the moment k6 exited: probes until ${rec.rows[0].probe.replace(/, window/, ' all answer 200 in a window')} has p95 under the scenario's p95 bar.`,
    '',
    table(
      ['Script', 'Recovered after', 'First probes p95', 'Bar (p95)', 'Probes', 'Target', 'Status'],
      rec.rows.map((r) => [
        r.script,
        r.seconds === null ? `not within ${r.timeoutSeconds} s` : `${r.seconds.toFixed(1)} s`,
        ms(r.firstWindowP95Ms),
        `${r.p95BarMs} ms`,
        count(r.samples),
        target,
        status(r.ok),
      ]),
    ),
  ].join('\n');
}

export function generator(f: ReportFacts): string {
  const g = f.generator;
  return [
    '## Load generator saturated?',
    '',
    `**${g.saturated ? 'YES — numbers below the bar may be the generator, not the service' : 'No'}.** ${g.reasons.join(' ')}`,
    '',
    ...g.evidence.map((e) => `- ${e}`),
  ].join('\n');
}

export function bottlenecks(f: ReportFacts): string {
  const names = ['Primary', 'Secondary', 'Tertiary'];
  return [
    '## Bottlenecks Identified',
    '',
    'Ranked by how close each resource came to its bar (utilisation = measured / limit).',
    '',
    table(
      ['Rank', 'Component', 'Utilisation', 'Evidence'],
      f.bottlenecks.length
        ? f.bottlenecks
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

/** The level's value beside its targets.json bar, when the suite has one (no bar: the value alone). */
function graded(l: LevelResult, key: string, shown: string): string {
  const bar = l.bars?.[key];
  return bar ? `${shown} (${bar.target}: ${bar.ok === null ? 'n/a' : status(bar.ok)})` : shown;
}

/**
 * The graded CPU: one loop's min / avg / max (% of one core) and which process it was, when the
 * level measured it (else the graded max alone); the sum across the service's loops beside it.
 */
function levelCpu(l: LevelResult): string {
  const b = l.busiestLoop;
  const busiest = b
    ? [b.busiestMinPercent, b.busiestAvgPercent, b.busiestMaxPercent].map((v) => percentValue(v)).join(' / ')
    : percentValue(l.cpuPercentMax, 'no CPU samples');
  const beside = [
    ...(b?.busiestProcess ? [b.busiestProcess] : []),
    ...(finite(l.cpuTotalPercentMax) ? [`all ${percentValue(l.cpuTotalPercentMax)}`] : []),
  ];
  return beside.length ? `${busiest} (${beside.join('; ')})` : busiest;
}

const share = (u: number) => `${(u * 100).toFixed(0)} %`;

function nearest(top: Bottleneck | null | undefined): string {
  if (top === undefined) return NM('recorded before levels ranked their resources');
  return top ? `${top.component} ${share(top.utilisation)}` : NM('no CPU or event-loop samples');
}

function firstSaturated(s: FirstSaturation | undefined): string {
  if (!s) return NM('no CPU, event-loop or generator figures at any level');
  const { level: l, resource: r } = s;
  const where = `level ${l.level} (${count(l.vus)} VUs, ${rate(l.rps)})`;
  const next = s.next.map((x) => `${x.component} ${share(x.utilisation)}`).join(', ');
  const trend =
    s.trend.length > 1 ? `; by level: ${s.trend.map((t) => `${t.level}: ${share(t.utilisation)}`).join(', ')}` : '';
  const beside = `${trend}${next ? `; next at level ${l.level}: ${next}` : ''}`;
  if (!s.reached)
    return `none reached its limit by ${where}; closest: ${r.component} at ${share(r.utilisation)} of its limit (${r.evidence})${beside}`;
  if (s.generator)
    return `the load generator, at ${where}: ${r.evidence}. The service's own limit was not reached: its numbers there may be k6's${beside}`;
  return `${r.component} at ${where}: ${share(r.utilisation)} of its limit (${r.evidence})${beside}`;
}

/** "How each level started", when the walk recorded it (older levels reports did not). */
function levelStarts(levels: LevelResult[]): string[] {
  const starts = levels.flatMap((l) => (l.start ? [l.start] : []));
  return starts.length ? [renderRoundStarts(starts, LEVELS)] : [];
}

export function capacity(f: ReportFacts): string {
  const c = f.capacity;
  if (!c) return '';
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
        'CPU, busiest event loop min / avg / max (which process; all loops max)',
        'Memory max',
        'DB conns max',
        'Kafka lag max',
        'Cache hit',
        'Nearest its limit (cores, event loops, k6)',
        'Generator saturated',
        'Status',
      ],
      c.levels.map((l, i) => [
        String(l.level),
        count(l.vus),
        rate(l.rps),
        ms(l.p95),
        ms(l.p99),
        pct(l.errorRate),
        levelCpu(l),
        bytes(l.memoryBytesMax, 'no Prometheus samples'),
        num(l.dbConnectionsMax, 0, 'no db_connections_active samples'),
        graded(l, 'kafka_lag', num(l.kafkaLagMax, 0, 'no kafka_consumer_lag samples')),
        graded(l, 'redis_hit_rate', pct(l.cacheHitRate, 'no cache metrics')),
        nearest(c.nearestLimit[i]),
        l.generatorSaturated ? 'yes' : 'no',
        l.passed ? 'PASS' : `FAIL: ${l.failures.join('; ')}`,
      ]),
    ),
    '',
    ...levelStarts(c.levels),
    '## Capacity Planning',
    '',
    c.warmupSeconds
      ? `Each level is graded on its own post-warm-up window (its first ${c.warmupSeconds} s left out, as in the tables), against every bar of \`load-tests/targets.json\`.`
      : 'Each level is graded on its whole run (no --warmup), against every bar of `load-tests/targets.json`.',
    '',
    table(
      ['Metric', 'Value'],
      [
        [
          'Last level meeting every target',
          c.best
            ? `level ${c.best.level} (${count(c.best.vus)} VUs): ${rate(c.best.rps)}, p95 ${ms(c.best.p95)}, p99 ${ms(c.best.p99)}, errors ${pct(c.best.errorRate)}`
            : 'none (the first level already missed a target)',
        ],
        [
          'Breaking Point',
          c.broken
            ? `level ${c.broken.level} (${count(c.broken.vus)} VUs, ${rate(c.broken.rps)}): ${c.broken.failures.join('; ')}`
            : `not reached (all ${c.levels.length} levels met every target; the level list ended)`,
        ],
        [
          'Max Sustained Requests/Second',
          c.maxRpsLevel
            ? `${rate(c.maxRps)} (level ${c.maxRpsLevel.level}, meeting every target${c.maxRpsLevel.generatorSaturated ? '; the generator was saturated there, so the service may sustain more' : ''})`
            : NM('no level met every target'),
        ],
        ['First resource to saturate', firstSaturated(c.saturation)],
        ['Recommended Max Load', c.best ? `${count(c.best.vus)} VUs` : 'below the first level'],
      ],
    ),
  ].join('\n');
}
