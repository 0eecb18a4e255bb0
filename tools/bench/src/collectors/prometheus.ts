import { PrometheusClient, RangeSeries } from '../prometheus-client';
import { Interval, pointsWithin, spanOf } from '../load-window';

// The document metrics (002 "Key Metrics", 000's PromQL) over the run window, per service
// job. Each becomes min/avg/max over the window or a reason it was not measured.

export interface MetricStat {
  key: string;
  label: string;
  unit: string;
  query: string;
  min?: number;
  avg?: number;
  max?: number;
  last?: number;
  points?: [number, number][];
  notMeasured?: string;
}

export interface RouteLatency {
  route: string;
  p95ms: number;
  p99ms: number;
}

export interface PromSnapshot {
  job: string;
  start: number;
  end: number;
  /** the load windows the stats were taken over (after setup() and warm-up), per script */
  windows?: Interval[];
  stats: Record<string, MetricStat>;
  routes: RouteLatency[];
  notMeasured?: string;
}

const W = '20s'; // rate window: 4 scrapes at 5 s
const W_SECONDS = 20;

export function promQueries(job: string): Omit<MetricStat, 'min' | 'avg' | 'max'>[] {
  const j = `job="${job}"`;
  const q95 = (m: string) => `histogram_quantile(0.95, sum by (le) (rate(${m}{${j}}[${W}]))) * 1000`;
  return [
    {
      key: 'cpu_percent',
      label: 'CPU usage, all the service’s event loops summed (% of one core)',
      unit: '%',
      query: `sum(rate(process_cpu_seconds_total{${j}}[${W}])) * 100`,
    },
    { key: 'memory_bytes', label: 'Memory (RSS)', unit: 'bytes', query: `sum(process_resident_memory_bytes{${j}})` },
    { key: 'heap_bytes', label: 'Heap used', unit: 'bytes', query: `sum(nodejs_heap_size_used_bytes{${j}})` },
    {
      key: 'eventloop_lag_ms',
      label: 'Event-loop lag',
      unit: 'ms',
      query: `max(nodejs_eventloop_lag_seconds{${j}}) * 1000`,
    },
    {
      key: 'rps',
      label: 'Requests/s (server side)',
      unit: 'req/s',
      query: `sum(rate(http_requests_total{${j}}[${W}]))`,
    },
    {
      key: 'error_rate',
      label: 'Error rate (server side)',
      unit: 'ratio',
      query: `(sum(rate(http_request_errors_total{${j}}[${W}])) or vector(0)) / sum(rate(http_requests_total{${j}}[${W}]))`,
    },
    {
      key: 'http_p95_ms',
      label: 'HTTP p95 (server side)',
      unit: 'ms',
      query: q95('http_request_duration_seconds_bucket'),
    },
    { key: 'db_query_p95_ms', label: 'DB query p95', unit: 'ms', query: q95('db_query_duration_seconds_bucket') },
    { key: 'db_connections', label: 'DB connections active', unit: 'count', query: `sum(db_connections_active{${j}})` },
    {
      key: 'cache_hit_rate',
      label: 'Cache hit rate',
      unit: 'ratio',
      query: `sum(rate(cache_hits_total{${j}}[${W}])) / (sum(rate(cache_hits_total{${j}}[${W}])) + sum(rate(cache_misses_total{${j}}[${W}])))`,
    },
    {
      key: 'redis_latency_p95_ms',
      label: 'Redis command p95',
      unit: 'ms',
      query: q95('redis_command_duration_seconds_bucket'),
    },
    { key: 'kafka_lag', label: 'Kafka consumer lag', unit: 'messages', query: `sum(kafka_consumer_lag{${j}})` },
  ];
}

function summarise(
  series: RangeSeries[],
  windows: Interval[],
  lag: number,
): Pick<MetricStat, 'min' | 'avg' | 'max' | 'last' | 'points'> | null {
  const points = pointsWithin(series[0]?.values ?? [], windows, lag);
  if (!points.length) return null;
  const v = points.map(([, x]) => x);
  return {
    min: Math.min(...v),
    max: Math.max(...v),
    avg: v.reduce((a, b) => a + b, 0) / v.length,
    last: v[v.length - 1],
    points,
  };
}

export async function collectPrometheus(
  prom: PrometheusClient,
  job: string,
  windows: Interval[],
): Promise<PromSnapshot> {
  const { start, end } = spanOf(windows);
  const snap: PromSnapshot = { job, start, end, windows, stats: {}, routes: [] };
  if (!(await prom.healthy())) {
    snap.notMeasured = 'Prometheus not reachable';
  }
  // Fetch a little wider (a scrape), then keep the points inside the load windows; a rate()
  // point looks back W, so those start W later unless that leaves none (short runs).
  const s = Math.floor(start) - 5;
  const e = Math.ceil(end) + 5;
  const wide = windows.map((w) => ({ start: w.start, end: w.end + 5 }));
  for (const q of promQueries(job)) {
    if (snap.notMeasured) {
      snap.stats[q.key] = { ...q, notMeasured: snap.notMeasured };
      continue;
    }
    try {
      const sum = summarise(await prom.queryRange(q.query, s, e), wide, q.query.includes(`[${W}]`) ? W_SECONDS : 0);
      snap.stats[q.key] = sum
        ? { ...q, ...sum }
        : { ...q, notMeasured: `no samples of this metric for job "${job}" in the run window` };
    } catch (err) {
      snap.stats[q.key] = { ...q, notMeasured: `query failed: ${(err as Error).message}` };
    }
  }
  if (!snap.notMeasured) {
    try {
      // increase() from the end of setup() to the end: setup()'s requests stay out.
      const dur = Math.max(10, Math.round(e - start));
      const by = (p: number) =>
        `histogram_quantile(${p}, sum by (le, method, route) (increase(http_request_duration_seconds_bucket{job="${job}"}[${dur}s]))) * 1000`;
      const [p95, p99] = await Promise.all([prom.query(by(0.95), e), prom.query(by(0.99), e)]);
      const key = (l: Record<string, string>) => `${l.method ?? ''} ${l.route ?? ''}`.trim();
      const p99m = new Map(p99.map((r) => [key(r.labels), r.value]));
      snap.routes = p95
        .filter((r) => Number.isFinite(r.value))
        .map((r) => ({ route: key(r.labels), p95ms: r.value, p99ms: p99m.get(key(r.labels)) ?? NaN }));
    } catch {
      snap.routes = [];
    }
  }
  return snap;
}
