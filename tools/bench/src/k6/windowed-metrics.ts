import { Dist, distOf } from './stats';

// The k6 metrics the targets' thresholds grade, folded over the measured (post-warm-up) window
// and keyed the way k6 names thresholded sub-metrics: "metric" and "metric{tag:value}". The
// report re-grades k6's threshold expressions on these, so a verdict covers what the tables show.

/** Trends keep their distribution; rates (http_req_failed, checks, e2e_delivered) their non-zero share. */
export type WindowedMetric =
  ({ kind: 'trend' } & Dist) | { kind: 'rate'; nonZero: number; count: number; rate: number };

const TRENDS = new Set(['http_req_duration', 'e2e_latency_ms']);
const RATES = new Set(['http_req_failed', 'checks', 'e2e_delivered']);

export function isWindowedMetric(metric: string): boolean {
  return TRENDS.has(metric) || RATES.has(metric);
}

/** k6 CSV extra_tags: "k=v&k2=v2" (URL-encoded). */
export function parseExtraTags(extra: string): [string, string][] {
  if (!extra) return [];
  return extra.split('&').flatMap((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0) return [];
    return [[decodeURIComponent(pair.slice(0, i)), decodeURIComponent(pair.slice(i + 1))] as [string, string]];
  });
}

export class WindowedMetrics {
  private readonly trends = new Map<string, number[]>();
  private readonly rates = new Map<string, { nonZero: number; count: number }>();

  /** One post-warm-up sample with the tags a threshold may select it by. */
  add(metric: string, tags: [string, string][], value: number): void {
    const keys = [metric, ...tags.filter(([, v]) => v !== '').map(([k, v]) => `${metric}{${k}:${v}}`)];
    for (const key of keys) {
      if (TRENDS.has(metric)) {
        let d = this.trends.get(key);
        if (!d) this.trends.set(key, (d = []));
        d.push(value);
      } else if (RATES.has(metric)) {
        let r = this.rates.get(key);
        if (!r) this.rates.set(key, (r = { nonZero: 0, count: 0 }));
        r.count++;
        if (value !== 0) r.nonZero++;
      }
    }
  }

  finish(): Record<string, WindowedMetric> {
    const out: Record<string, WindowedMetric> = {};
    for (const [k, d] of this.trends) out[k] = { kind: 'trend', ...distOf(d) };
    for (const [k, r] of this.rates) out[k] = { kind: 'rate', ...r, rate: r.count ? r.nonZero / r.count : NaN };
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }
}
