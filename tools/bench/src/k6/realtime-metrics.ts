import type { K6Summary } from './summary';

// The client side of a real-time suite (load-tests/chat): its own k6 metrics (chat_*) and
// k6's websocket ones, kept from the summary so the report's real-time section can show them.

export type RealtimeClientStats = Record<string, Record<string, number>>;

const KEPT = /^(chat_[a-z_]+|ws_connecting|ws_sessions|ws_session_duration|e2e_latency_ms|e2e_delivered)$/;

/** The kept metrics' numeric fields (count, rate, avg, p(95)...); undefined when the script has none of its own. */
export function realtimeMetricsOf(summary: K6Summary): RealtimeClientStats | undefined {
  const out: RealtimeClientStats = {};
  for (const [name, metric] of Object.entries(summary.metrics)) {
    if (!KEPT.test(name)) continue;
    out[name] = Object.fromEntries(
      Object.entries(metric).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
    );
  }
  return Object.keys(out).some((name) => name.startsWith('chat_')) ? out : undefined;
}
