import type { WindowedMetric } from '../k6/windowed-metrics';
import { finite } from './cells';

// A k6 threshold expression ("p(95)<15", "rate<=0", "avg<200") evaluated on the post-warm-up
// window: the bar is k6's own expression (from targets.json), only the samples differ.

const PERCENTILE_FIELD: Record<string, 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p999'> = {
  '50': 'p50',
  '75': 'p75',
  '90': 'p90',
  '95': 'p95',
  '99': 'p99',
  '99.9': 'p999',
};

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** The aggregate an expression reads from a windowed metric, or null when it cannot be read there. */
function aggregate(agg: string, m: WindowedMetric): number | null {
  if (m.kind === 'rate') return agg === 'rate' ? m.rate : null;
  const p = /^p\(([\d.]+)\)$/.exec(agg);
  if (p) {
    const field = PERCENTILE_FIELD[String(Number(p[1]))];
    return field ? m[field] : null;
  }
  if (agg === 'med') return m.p50;
  if (agg === 'avg' || agg === 'min' || agg === 'max') return m[agg];
  return null;
}

/**
 * { actual, ok } of `expression` on the window, or null when the window cannot grade it (an
 * aggregate the window does not keep, such as a counter's count, or no samples): k6's verdict stands.
 */
export function evaluateOnWindow(expression: string, m: WindowedMetric): { actual: number; ok: boolean } | null {
  const e = /^\s*([a-z]+(?:\([\d.]+\))?)\s*(===|==|!=|<=|>=|<|>)\s*(-?[\d.]+(?:e[-+]?\d+)?)\s*$/i.exec(expression);
  if (!e) return null;
  const actual = aggregate(e[1], m);
  if (actual === null || !finite(actual)) return null;
  return { actual, ok: COMPARE[e[2]](actual, Number(e[3])) };
}
