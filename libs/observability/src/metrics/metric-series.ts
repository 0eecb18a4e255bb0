import type { Counter, Histogram } from 'prom-client';

/*
 * Series for hot paths: a label set resolved once, counted in the process, handed to prom-client
 * by the metric's `collect` at scrape time (every scrape, the cluster aggregator's included).
 */

/** One labelled series of a counter, counted in the process and handed to prom-client at scrape time. */
export interface CounterSeries {
  inc(by?: number): void;
}

class PendingCounterSeries implements CounterSeries {
  pending = 0;
  constructor(readonly labels: Readonly<Record<string, string>>) {}
  inc(by = 1): void {
    this.pending += by;
  }

  flushInto(counter: Counter<string>): void {
    if (this.pending === 0) return;
    counter.inc(this.labels, this.pending);
    this.pending = 0;
  }
}

const pendingByCounter = new WeakMap<object, Map<string, PendingCounterSeries>>();

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
  const counter = metric as unknown as Counter<string>;
  return seriesOf(pendingByCounter, counter, labels, () => new PendingCounterSeries(labels));
}

/** One labelled series of a histogram, counted in the process and handed to prom-client at scrape time. */
export interface HistogramSeries {
  observe(value: number): void;
  /** Returns a function that observes the seconds since this call. */
  startTimer(): () => void;
}

/** What prom-client 15 keeps per series (lib/histogram.js): bucketValues per upper bound, not cumulative. */
interface HistogramEntry {
  labels: object;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}
interface HistogramInternals {
  upperBounds: number[];
  hashMap: Record<string, HistogramEntry>;
  zero(labels: object): void;
}

class PendingHistogramSeries implements HistogramSeries {
  /** Per upper bound, then one for +Inf. */
  readonly pending: Float64Array;
  sum = 0;
  count = 0;
  /** prom-client's key for these labels, once found. */
  private hash: string | undefined;
  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly upperBounds: readonly number[],
  ) {
    this.pending = new Float64Array(upperBounds.length + 1);
  }

  observe(value: number): void {
    // A metric never fails the request it measures: a non-finite value is dropped.
    if (!Number.isFinite(value)) return;
    const bounds = this.upperBounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.pending[i]++;
    this.sum += value;
    this.count++;
  }

  startTimer(): () => void {
    const started = process.hrtime.bigint();
    return () => this.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** Adds what was observed since the last call to prom-client's entry for these labels. */
  flushInto(histogram: HistogramInternals): void {
    if (this.count === 0) return;
    const entry = this.entryIn(histogram);
    histogram.upperBounds.forEach((bound, i) => (entry.bucketValues[bound] += this.pending[i]));
    entry.sum += this.sum;
    entry.count += this.count;
    this.pending.fill(0);
    this.sum = 0;
    this.count = 0;
  }

  /** prom-client's entry with these labels (a direct `observe` may have made it), made if none. */
  private entryIn(histogram: HistogramInternals): HistogramEntry {
    const known = this.hash === undefined ? undefined : histogram.hashMap[this.hash];
    if (known !== undefined && sameLabels(known.labels, this.labels)) return known;
    const find = () => Object.entries(histogram.hashMap).find(([, e]) => sameLabels(e.labels, this.labels));
    let found = find();
    if (found === undefined) {
      histogram.zero(this.labels);
      found = find();
      if (found === undefined)
        throw new Error(`prom-client histogram: no entry for ${labelKey(this.labels)} after zero()`);
    }
    this.hash = found[0];
    return found[1];
  }
}

function sameLabels(a: object, b: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(a);
  return entries.length === Object.keys(b).length && entries.every(([k, v]) => b[k] === String(v));
}

const pendingByHistogram = new WeakMap<object, Map<string, PendingHistogramSeries>>();

/**
 * A histogram series for a hot path, as `counterSeries` is for a counter: `observe()` adds
 * to local bucket counts, and the histogram's `collect` adds them to prom-client's series
 * at scrape time. prom-client's `observe(labels, v)` hashes the labels, validates them and
 * turns the bucket's bound into a property name on every call. This reads prom-client 15's
 * internal per-series entry (its `hashMap`); `metric-series.spec.ts` checks the
 * exposition against prom-client's own `observe`, so an upgrade that changes it fails there.
 */
export function histogramSeries<L extends string>(
  metric: Histogram<L>,
  labels: Readonly<Record<L, string>>,
): HistogramSeries {
  const histogram = metric as unknown as Histogram<string> & HistogramInternals;
  return seriesOf(
    pendingByHistogram,
    histogram,
    labels,
    () => new PendingHistogramSeries(labels, histogram.upperBounds),
  );
}

/**
 * `histogramSeries` looked up by the values of one or two labels, for a per-call path whose
 * labels vary (a query's model and operation, a Redis command): a Map per label, so a lookup
 * builds no key and allocates nothing once the series exists.
 */
export function histogramSeriesBy<L extends string>(
  metric: Histogram<L>,
  labelNames: readonly [L] | readonly [L, L],
): (first: string, second?: string) => HistogramSeries {
  const byFirst = new Map<string, Map<string | undefined, HistogramSeries>>();
  return (first, second) => {
    let bySecond = byFirst.get(first);
    if (bySecond === undefined) byFirst.set(first, (bySecond = new Map()));
    let series = bySecond.get(second);
    if (series === undefined) {
      const [firstName, secondName] = labelNames;
      const labels =
        secondName === undefined ? { [firstName]: first } : { [firstName]: first, [secondName]: second ?? '' };
      bySecond.set(second, (series = histogramSeries(metric, labels as Record<L, string>)));
    }
    return series;
  };
}

/**
 * The series of `metric` with these labels, made by `create` the first time. The first series of
 * a metric wraps its `collect` (a config field prom-client keeps on the object and calls before
 * every read) so that each read first flushes every series of the metric into it.
 */
function seriesOf<M extends object, S extends { flushInto(metric: M): void }>(
  byMetric: WeakMap<object, Map<string, S>>,
  metric: M,
  labels: Readonly<Record<string, string>>,
  create: () => S,
): S {
  let series = byMetric.get(metric);
  if (series === undefined) {
    const all = (series = new Map<string, S>());
    byMetric.set(metric, all);
    const collecting = metric as M & { collect?: (this: M) => unknown };
    const previous = collecting.collect;
    collecting.collect = function flushThenCollect(this: M) {
      for (const one of all.values()) one.flushInto(this);
      return previous?.call(this);
    };
  }
  const key = labelKey(labels);
  let found = series.get(key);
  if (found === undefined) series.set(key, (found = create()));
  return found;
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}
