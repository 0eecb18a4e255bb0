import { RunData } from '../model';
import { ReportFacts } from '../facts';
import { GradeRow } from '../grade';
import { NM, bytes, count, ms, num, pct, percentValue, status, table } from '../cells';
import { loopCpu } from '../loop-cpu';

// System resources beside their bars: every Target and Status cell here is a graded row
// from targets.json (facts.resources), so a FAIL here is a FAIL in the verdict.

type Stat = { min?: number; avg?: number; max?: number; notMeasured?: string } | undefined;

const NO_TARGET = ['N/A', 'n/a (no target)'];

function bar(f: ReportFacts, key: string): string[] {
  const g: GradeRow | undefined = f.resources.get(key);
  if (!g) return NO_TARGET;
  return [g.target, g.ok === null && g.why ? `n/a (${g.why})` : status(g.ok)];
}

function statRow(label: string, s: Stat, fmt: (v: number | undefined, why?: string) => string, graded: string[]) {
  const why = s?.notMeasured ?? 'metric not collected';
  return [label, fmt(s?.min, why), fmt(s?.avg, why), fmt(s?.max, why), ...graded];
}

/** One value measured once (after the run), in the Min/Avg/Max layout. */
function onceRow(label: string, shown: string, graded: string[]) {
  return [label, shown, shown, shown, ...graded];
}

/**
 * The graded CPU row (one event loop, as the bar means it) with the total across loops in its
 * label, then the total's own Min/Avg/Max from Prometheus (ungraded: evidence of the cores used).
 */
export function cpuRows(run: RunData, f: ReportFacts): string[][] {
  const st = run.prometheus.stats.cpu_percent;
  const c = loopCpu(run);
  const all = c.loops ? `all ${c.loops} loop${c.loops === 1 ? '' : 's'}` : 'all loops';
  const total = `${all}: ${percentValue(c.total, st?.notMeasured ?? 'metric not collected')}`;
  const summed = statRow(`CPU usage, ${all} summed (% of one core, Prometheus)`, st, percentValue, NO_TARGET);
  const perLoop = run.serviceLoopCpu;
  if (c.basis === 'busiest') {
    const why = c.why ?? (perLoop && 'notMeasured' in perLoop ? perLoop.notMeasured : 'no /proc samples');
    const busiest = perLoop && 'busiestMaxPercent' in perLoop ? perLoop : undefined;
    return [
      [
        `CPU usage, busiest event loop (% of one core${busiest?.busiestProcess ? `; ${busiest.busiestProcess}` : ''}); ${total}`,
        percentValue(busiest?.busiestMinPercent, why),
        percentValue(busiest?.busiestAvgPercent, why),
        percentValue(busiest?.busiestMaxPercent, why),
        ...bar(f, 'cpu_percent'),
      ],
      summed,
    ];
  }
  if (c.basis === 'mean') {
    const per = (v: number | undefined) => (v === undefined ? v : v / c.loops!);
    const mean = { min: per(st?.min), avg: per(st?.avg), max: per(st?.max) };
    return [
      statRow(
        `CPU usage, mean per event loop (% of one core; per loop not measured); ${total}`,
        mean,
        percentValue,
        bar(f, 'cpu_percent'),
      ),
      summed,
    ];
  }
  return [
    statRow(
      'CPU usage, all loops summed (% of one core; loop count not measured)',
      st,
      percentValue,
      bar(f, 'cpu_percent'),
    ),
  ];
}

function kafkaGroups(run: RunData): string {
  if (run.kafka.error) return NM(`Kafka admin failed: ${run.kafka.error}`);
  const live = run.kafka.groups.filter((g) => g.members > 0 || g.lag > 0);
  const idle = run.kafka.groups.length - live.length;
  const shown = live.slice(0, 8).map((g) => `${g.group}: lag ${g.lag} (${g.members} members)`);
  return [...shown, `${idle} other group(s) without members, lag 0`].join('; ');
}

export function resources(run: RunData, f: ReportFacts): string {
  const st = run.prometheus.stats;
  const pg = run.postgres.after;
  const r = run.redis;
  const pgWhy = pg.notMeasured ?? 'pg_stat_statements unavailable';
  // 002 bars memory in bytes, 004 as a share of the machine's RAM.
  const memoryKey = f.resources.has('memory_bytes') ? 'memory_bytes' : 'memory_percent';
  const [memoryTarget, memoryStatus] = bar(f, memoryKey);
  const memory = [
    memoryKey === 'memory_percent' && f.resources.has(memoryKey) ? `${memoryTarget} of RAM` : memoryTarget,
    memoryStatus,
  ];
  const hit = f.resources.get('redis_hit_rate');
  return [
    '## System Resource Utilization',
    '',
    `### Application Server (job "${run.prometheus.job}", Prometheus, 5 s scrapes)`,
    '',
    table(
      ['Metric', 'Min', 'Avg', 'Max', 'Target', 'Status'],
      [
        ...cpuRows(run, f),
        statRow('Memory Usage (RSS, all workers)', st.memory_bytes, bytes, memory),
        statRow('Heap Used', st.heap_bytes, bytes, NO_TARGET),
        statRow('Event-loop Lag', st.eventloop_lag_ms, ms, NO_TARGET),
        statRow('HTTP p95 (server)', st.http_p95_ms, ms, NO_TARGET),
      ],
    ),
    '',
    '### Database (PostgreSQL)',
    '',
    table(
      ['Metric', 'Min', 'Avg', 'Max', 'Target', 'Status'],
      [
        statRow(
          'Connections (pool, db_connections_active)',
          st.db_connections,
          (v, w) => num(v, 1, w),
          bar(f, 'db_connections'),
        ),
        onceRow('Connections (pg_stat_activity, after)', count(pg.totalConnections, pgWhy), [
          `max_connections ${count(pg.maxConnections, pgWhy)}`,
          'n/a (no target)',
        ]),
        statRow('Query Latency p95', st.db_query_p95_ms, ms, bar(f, 'db_query_p95_ms')),
        onceRow('Lock Waits (after)', count(pg.lockWaits, pgWhy), bar(f, 'db_lock_waits')),
        onceRow('Slow Queries (mean > 100 ms)', count(pg.slowQueries, pgWhy), bar(f, 'db_slow_queries')),
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
          ...bar(f, 'redis_memory_percent'),
        ],
        [
          'Hit Rate (service cache_hits/misses, avg; else Redis INFO)',
          hit?.shown ?? NM('no target level'),
          ...bar(f, 'redis_hit_rate'),
        ],
        [
          'Hit Rate (Redis INFO keyspace, whole server)',
          pct(r.hitRate, r.notMeasured ?? 'no keyspace lookups during the run'),
          ...NO_TARGET,
        ],
        ['Commands/sec (whole server)', num(r.commandsPerSec, 1, r.notMeasured), ...NO_TARGET],
        ['Evictions', count(r.evictions, r.notMeasured), ...bar(f, 'redis_evictions')],
        [
          'Latency p95 (redis_command_duration_seconds)',
          ms(st.redis_latency_p95_ms?.max, st.redis_latency_p95_ms?.notMeasured),
          ...bar(f, 'redis_latency_p95_ms'),
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
          ...bar(f, 'kafka_lag'),
        ],
        ['Consumer groups on the broker (lag after the run)', kafkaGroups(run), ...NO_TARGET],
      ],
    ),
  ].join('\n');
}
