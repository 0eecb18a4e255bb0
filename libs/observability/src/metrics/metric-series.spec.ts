import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counterSeries, histogramSeries, histogramSeriesBy } from './metric-series';

function freshCounter(collect?: () => void): { counter: Counter<'route'>; registry: Registry } {
  const registry = new Registry();
  const counter = new Counter({ name: 'c_total', help: 'c', labelNames: ['route'], registers: [registry], collect });
  return { counter, registry };
}

async function valuesOf(counter: Counter<'route'>): Promise<Record<string, number>> {
  const { values } = await counter.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.route), v.value]));
}

describe('counterSeries', () => {
  it('counts in the process and hands the sums to the counter when it is read', async () => {
    const { counter, registry } = freshCounter();
    const a = counterSeries(counter, { route: '/a' });
    const b = counterSeries(counter, { route: '/b' });
    a.inc();
    a.inc();
    b.inc(5);

    expect(await valuesOf(counter)).toEqual({ '/a': 2, '/b': 5 });
    expect(await registry.metrics()).toContain('c_total{route="/a"} 2');
  });

  it('adds only what was counted since the last read', async () => {
    const { counter } = freshCounter();
    const a = counterSeries(counter, { route: '/a' });
    a.inc();
    await counter.get();
    a.inc(3);

    expect(await valuesOf(counter)).toEqual({ '/a': 4 });
    expect(await valuesOf(counter)).toEqual({ '/a': 4 });
  });

  it('returns the same series for the same labels, and adds beside direct inc() calls', async () => {
    const { counter } = freshCounter();
    counterSeries(counter, { route: '/a' }).inc();
    counterSeries(counter, { route: '/a' }).inc();
    counter.inc({ route: '/a' });

    expect(counterSeries(counter, { route: '/a' })).toBe(counterSeries(counter, { route: '/a' }));
    expect(await valuesOf(counter)).toEqual({ '/a': 3 });
  });

  it("keeps the counter's own collect", async () => {
    let collected = 0;
    const { counter } = freshCounter(() => void collected++);
    counterSeries(counter, { route: '/a' }).inc();

    expect(await valuesOf(counter)).toEqual({ '/a': 1 });
    expect(collected).toBe(1);
  });

  it('shows a series only once it has been counted', async () => {
    const { counter } = freshCounter();
    counterSeries(counter, { route: '/never' });

    expect(await valuesOf(counter)).toEqual({});
  });
});

describe('histogramSeries', () => {
  const buckets = [0.001, 0.01, 0.1, 1];
  // Powers of two, so sums added in another order are still exactly equal; one on a bound.
  const values = [2 ** -11, 2 ** -10, 2 ** -7, 2 ** -5, 2 ** -5, 0.5, 1, 4, 0];

  function freshHistogram(name: string): { histogram: Histogram<'route'>; registry: Registry } {
    const registry = new Registry();
    const histogram = new Histogram({ name, help: 'h', labelNames: ['route'], buckets, registers: [registry] });
    return { histogram, registry };
  }

  // What the series writes must be what prom-client's own observe writes: this is the check
  // that prom-client's internal per-series entry still has the shape the series relies on.
  it("exposes exactly what prom-client's own observe() exposes for the same values", async () => {
    const own = freshHistogram('h_seconds');
    const ours = freshHistogram('h_seconds');
    const series = histogramSeries(ours.histogram, { route: '/a' });
    for (const value of values) {
      own.histogram.observe({ route: '/a' }, value);
      series.observe(value);
    }

    expect(await ours.registry.metrics()).toBe(await own.registry.metrics());
    expect(await ours.histogram.get()).toEqual(await own.histogram.get());
  });

  it('adds only what was observed since the last read, beside direct observe() calls', async () => {
    const own = freshHistogram('h_seconds');
    const ours = freshHistogram('h_seconds');
    const series = histogramSeries(ours.histogram, { route: '/a' });
    for (const [i, value] of values.entries()) {
      own.histogram.observe({ route: '/a' }, value);
      if (i % 3 === 0) ours.histogram.observe({ route: '/a' }, value);
      else series.observe(value);
      if (i === 4) await ours.registry.metrics();
    }

    expect(await ours.registry.metrics()).toBe(await own.registry.metrics());
  });

  it('starts again from zero after a reset, and drops a non-finite value instead of throwing', async () => {
    const { histogram } = freshHistogram('h_seconds');
    const series = histogramSeries(histogram, { route: '/a' });
    series.observe(0.5);
    await histogram.get();
    histogram.reset();
    series.observe(Number.NaN);
    series.observe(2 ** -9);

    const { values: after } = await histogram.get();
    expect(after.find((v) => v.metricName === 'h_seconds_count')?.value).toBe(1);
    expect(after.find((v) => v.metricName === 'h_seconds_sum')?.value).toBe(2 ** -9);
  });

  it('times with startTimer() in seconds', async () => {
    const { histogram } = freshHistogram('h_seconds');
    const stop = histogramSeries(histogram, { route: '/a' }).startTimer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop();

    const sum = (await histogram.get()).values.find((v) => v.metricName === 'h_seconds_sum')?.value ?? 0;
    expect(sum).toBeGreaterThanOrEqual(0.015);
    expect(sum).toBeLessThan(1);
  });
});

describe('histogramSeriesBy', () => {
  it('finds the same series for the same values, and one per distinct pair', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'q_seconds',
      help: 'q',
      labelNames: ['model', 'operation'],
      buckets: [1],
      registers: [registry],
    });
    const byQuery = histogramSeriesBy(histogram, ['model', 'operation']);
    byQuery('sql', 'read').observe(0.5);
    byQuery('sql', 'read').observe(0.5);
    byQuery('sql', 'list').observe(2);

    expect(byQuery('sql', 'read')).toBe(byQuery('sql', 'read'));
    expect(await registry.metrics()).toContain('q_seconds_count{model="sql",operation="read"} 2');
    expect(await registry.metrics()).toContain('q_seconds_count{model="sql",operation="list"} 1');
  });
});
