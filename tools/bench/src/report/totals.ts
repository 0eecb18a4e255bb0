import { maxOf } from '../k6/stats';
import type { EndpointRow } from '../k6/series-aggregator';
import { RunData, ScriptRun } from './model';

// The one way to total a run: the report, compare, levels and repeat all read these, so a
// "req/s" or a "p95" means the same number everywhere.

/** Seconds one script's requests span, floored at 1 s (a run shorter than that is not a rate). */
export function spanSeconds(s: ScriptRun): number {
  return Math.max(1, s.series.end - s.series.start);
}

/**
 * Requests per second of the endpoints `pick` selects: their requests over the time of the
 * scripts that served them (scripts run one after another, so their spans add up).
 */
export function rateOf(run: RunData, pick: (e: EndpointRow) => boolean = () => true): number | null {
  let requests = 0;
  let seconds = 0;
  for (const s of run.scripts) {
    const eps = s.series.endpoints.filter(pick);
    if (!eps.length) continue;
    requests += eps.reduce((a, e) => a + e.count, 0);
    seconds += spanSeconds(s);
  }
  return seconds ? requests / seconds : null;
}

/** The worst (highest) percentile over the selected endpoints: the one a bar must hold for. */
export function worstEndpoint(
  run: RunData,
  k: 'p50' | 'p95' | 'p99',
  pick: (e: EndpointRow) => boolean = () => true,
): number {
  return maxOf(run.scripts.flatMap((s) => s.series.endpoints.filter(pick).map((e) => e[k])));
}

export interface RunTotals {
  requests: number;
  failed: number;
  /** failed / requests; NaN without requests */
  errorRate: number;
  /** requests / summed script spans (each at least 1 s); NaN without scripts */
  avgRps: number;
  /** highest 5 s window of any script */
  peakRps: number;
  worstP95: number;
  worstP99: number;
}

export function runTotals(run: RunData): RunTotals {
  const requests = run.scripts.reduce((a, s) => a + s.series.totalRequests, 0);
  const failed = run.scripts.reduce((a, s) => a + s.series.failedRequests, 0);
  const seconds = run.scripts.reduce((a, s) => a + spanSeconds(s), 0);
  return {
    requests,
    failed,
    errorRate: requests ? failed / requests : NaN,
    avgRps: seconds ? requests / seconds : NaN,
    peakRps: Math.max(0, ...run.scripts.map((s) => s.series.peakRps)),
    worstP95: worstEndpoint(run, 'p95'),
    worstP99: worstEndpoint(run, 'p99'),
  };
}
