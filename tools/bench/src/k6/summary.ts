import { readFileSync } from 'node:fs';

// k6 --summary-export JSON: metrics keyed by name (and name{tag:value} for thresholded
// sub-metrics). In it, a threshold's boolean is true when the threshold FAILED.

export type SummaryMetric = Record<string, number | Record<string, boolean> | undefined> & {
  thresholds?: Record<string, boolean>;
};

export interface K6Summary {
  metrics: Record<string, SummaryMetric>;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  actual: number | null;
}

export function readSummary(path: string): K6Summary {
  return JSON.parse(readFileSync(path, 'utf8')) as K6Summary;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The number a threshold expression was compared against, e.g. p(95) → metric["p(95)"]. */
function actualOf(m: SummaryMetric, expression: string): number | null {
  const agg = /^\s*([a-z]+(?:\([\d.]+\))?)/i.exec(expression)?.[1] ?? '';
  if (agg === 'rate') return num(m.value) ?? num(m.rate);
  if (agg === 'count') return num(m.count);
  return num(m[agg]);
}

export function thresholdResults(s: K6Summary): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const [metric, m] of Object.entries(s.metrics)) {
    for (const [expression, failed] of Object.entries(m.thresholds ?? {})) {
      out.push({ metric, expression, ok: !failed, actual: actualOf(m, expression) });
    }
  }
  return out.sort((a, b) => a.metric.localeCompare(b.metric));
}

export function metricValue(s: K6Summary, metric: string, field: string): number | null {
  const m = s.metrics[metric];
  return m ? num(m[field]) : null;
}
