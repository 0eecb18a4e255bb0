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

/** One labelled series of a counter, counted in the process and handed to prom-client at scrape time. */
export interface CounterSeries {
  inc(by?: number): void;
}

class PendingSeries implements CounterSeries {
  pending = 0;
  constructor(readonly labels: Readonly<Record<string, string>>) {}
  inc(by = 1): void {
    this.pending += by;
  }
}

const pendingByCounter = new WeakMap<Counter<string>, Map<string, PendingSeries>>();

/**
 * A counter series for a hot path: `inc()` adds to a number, and the counter's `collect`
 * (run by every scrape, the cluster aggregator's included) hands the sum to prom-client
 * once. prom-client's own `inc(labels)` hashes the label object on every call, which at
 * thousands of requests a second is a visible share of a request's CPU. Keep the series
 * and reuse it; asking again for the same labels returns the same series.
 */
export function counterSeries<L extends string>(
  metric: Counter<L>,
  labels: Readonly<Record<L, string>>,
): CounterSeries {
  const counter = metric as unknown as Counter<string> & { collect?: (this: Counter<string>) => unknown };
  let series = pendingByCounter.get(counter);
  if (series === undefined) {
    const all = (series = new Map<string, PendingSeries>());
    pendingByCounter.set(counter, all);
    // prom-client calls a metric's `collect` (a config field it keeps on the object) before reading it.
    const previous = counter.collect;
    counter.collect = function collectPending() {
      for (const one of all.values()) {
        if (one.pending === 0) continue;
        this.inc(one.labels, one.pending);
        one.pending = 0;
      }
      return previous?.call(this);
    };
  }
  const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  let found = series.get(key);
  if (found === undefined) series.set(key, (found = new PendingSeries(labels)));
  return found;
}
