import type { Interval } from '../load-window';
import type { PrometheusClient } from '../prometheus-client';

// The server's own view of a real-time run (apps/chat's domain metrics), over the load window:
// the peak of connected sockets summed over workers, and totals/percentiles from counters and
// the delivery histogram (increase over the window). The window is the k6 runs (ramp included).

export interface RealtimeServerStats {
  peakConnectedSockets: number | null;
  connects: number | null;
  refused: number | null;
  disconnects: number | null;
  messagesSent: number | null;
  messagesFailed: number | null;
  deliveredLive: number | null;
  deliveredCatchUp: number | null;
  deliveryP50Ms: number | null;
  deliveryP95Ms: number | null;
  deliveryP99Ms: number | null;
  adapterErrors: number | null;
}

async function scalar(prom: PrometheusClient, query: string, time: number): Promise<number | null> {
  try {
    const rows = await prom.query(query, time);
    const v = rows[0]?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** undefined when the job exports no chat metrics (every other suite). */
export async function collectRealtimeServer(
  prom: PrometheusClient,
  job: string,
  windows: Interval[],
): Promise<RealtimeServerStats | undefined> {
  if (windows.length === 0) return undefined;
  const start = Math.min(...windows.map((w) => w.start));
  const end = Math.max(...windows.map((w) => w.end));
  const range = `${Math.max(5, Math.ceil(end - start))}s`;
  const j = `job="${job}"`;
  // A labelled counter with no series yet counted nothing: 0, not "not measured".
  const inc = (metric: string, labels = '') => `sum(increase(${metric}{${j}${labels}}[${range}])) or vector(0)`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (increase(chat_delivery_latency_seconds_bucket{${j}}[${range}]))) * 1000`;
  const peak = await scalar(prom, `max_over_time(sum(chat_connected_sockets{${j}})[${range}:5s])`, end);
  if (peak === null) return undefined;
  const [connects, refused, disconnects, sent, failed, live, catchUp, p50, p95, p99, adapterErrors] = await Promise.all(
    [
      scalar(prom, inc('chat_connects_total'), end),
      scalar(prom, inc('chat_connects_refused_total'), end),
      scalar(prom, inc('chat_disconnects_total'), end),
      scalar(prom, inc('chat_messages_sent_total'), end),
      scalar(prom, inc('chat_messages_failed_total'), end),
      scalar(prom, inc('chat_messages_delivered_total', ',path="live"'), end),
      scalar(prom, inc('chat_messages_delivered_total', ',path="catch_up"'), end),
      scalar(prom, quantile(0.5), end),
      scalar(prom, quantile(0.95), end),
      scalar(prom, quantile(0.99), end),
      scalar(prom, inc('chat_adapter_errors_total'), end),
    ],
  );
  return {
    peakConnectedSockets: peak,
    connects,
    refused,
    disconnects,
    messagesSent: sent,
    messagesFailed: failed,
    deliveredLive: live,
    deliveredCatchUp: catchUp,
    deliveryP50Ms: p50,
    deliveryP95Ms: p95,
    deliveryP99Ms: p99,
    adapterErrors,
  };
}
