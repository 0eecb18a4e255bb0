import { Counter, Gauge, Histogram, Registry, register } from 'prom-client';

/**
 * One Prometheus registry per process: prom-client's default one, so every lib's
 * metrics land in the same `/metrics` scrape. Metric objects are created once by
 * name and reused, so a module imported twice never double-registers.
 */
export const metricsRegistry: Registry = register;

/** Buckets in seconds, dense below 100 ms where the documents' targets sit. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2, 5, 10];

type Labels<L extends string> = readonly L[];

function existing<T>(name: string): T | undefined {
  return metricsRegistry.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(name: string, help: string, labelNames: Labels<L> = []): Counter<L> {
  return (
    existing<Counter<L>>(name) ?? new Counter({ name, help, labelNames: [...labelNames], registers: [metricsRegistry] })
  );
}

/**
 * `aggregator` says how cluster workers' values merge in one scrape: `sum` (default) for
 * per-process quantities, `max` when every worker measures the same thing (e.g. a
 * consumer group's lag read from the broker).
 */
export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: Labels<L> = [],
  aggregator: 'sum' | 'max' | 'min' | 'average' = 'sum',
): Gauge<L> {
  return (
    existing<Gauge<L>>(name) ??
    new Gauge({ name, help, labelNames: [...labelNames], aggregator, registers: [metricsRegistry] })
  );
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: Labels<L> = [],
  buckets: number[] = LATENCY_BUCKETS,
): Histogram<L> {
  return (
    existing<Histogram<L>>(name) ??
    new Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [metricsRegistry] })
  );
}
