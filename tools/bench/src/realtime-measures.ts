import { RunData } from './report/model';
import { realtimeThroughput } from './levels';

// A real-time suite's (chat's) work is not HTTP requests but what its k6 scripts record in
// run.scripts[].realtime (the report's real-time section): messages acknowledged, delivery
// latency and rate, connect time. Compare and repeat read these, so a chat run is compared on
// what it did instead of on zero requests.

export interface RealtimeMeasure {
  key: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  get: (r: RunData) => number;
  /** how a compare gates it: relative like throughput and p95, in points like the error rate, or not */
  gate?: 'relative' | 'points';
  /** the repeatability bar it is held to (issue 14's req/s or p95 bar), if any */
  repeat?: { scope: string; metric: 'msg/s' | 'p95 ms' };
}

/** The worst value over the scripts that recorded it (highest latency, lowest delivery). */
function worst(r: RunData, name: string, field: string, better: 'lower' | 'higher'): number {
  const values = r.scripts
    .map((s) => s.realtime?.[name]?.[field])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!values.length) return NaN;
  return better === 'lower' ? Math.max(...values) : Math.min(...values);
}

/** A latency (ms, lower is better): the slowest script's `stat` of the recorded trend `metric`. */
function latency(
  key: string,
  label: string,
  metric: string,
  stat: 'avg' | 'p(95)',
  grading: Pick<RealtimeMeasure, 'gate' | 'repeat'> = {},
): RealtimeMeasure {
  return { key, label, unit: 'ms', better: 'lower', get: (r) => worst(r, metric, stat, 'lower'), ...grading };
}

export const REALTIME_MEASURES: RealtimeMeasure[] = [
  {
    key: 'messages',
    label: 'Messages acknowledged (sending phase)',
    unit: 'msg/s',
    better: 'higher',
    get: (r) => realtimeThroughput(r)?.perSecond ?? NaN,
    gate: 'relative',
    repeat: { scope: 'messages acknowledged (sending phase)', metric: 'msg/s' },
  },
  latency('delivery_avg', 'Delivery latency avg (send → receive)', 'e2e_latency_ms', 'avg'),
  latency('delivery_p95', 'Delivery latency p95 (send → receive)', 'e2e_latency_ms', 'p(95)', {
    gate: 'relative',
    repeat: { scope: 'delivery (send → receive)', metric: 'p95 ms' },
  }),
  {
    key: 'delivered',
    label: 'Delivered (acknowledged → received)',
    unit: '%',
    better: 'higher',
    get: (r) => 100 * worst(r, 'e2e_delivered', 'value', 'higher'),
    gate: 'points',
  },
  latency('connect_avg', 'Connect time avg (socket.io CONNECT acked)', 'chat_connect_ms', 'avg'),
  latency('connect_p95', 'Connect time p95 (socket.io CONNECT acked)', 'chat_connect_ms', 'p(95)', {
    repeat: { scope: 'connect (socket.io CONNECT acked)', metric: 'p95 ms' },
  }),
];

export const hasRealtime = (runs: RunData[]) => runs.some((r) => r.scripts.some((s) => s.realtime));

/** Any HTTP request in any run: a chat run has none, and its request rows would compare zeros. */
export const hasRequests = (runs: RunData[]) => runs.some((r) => r.scripts.some((s) => s.series.totalRequests > 0));
