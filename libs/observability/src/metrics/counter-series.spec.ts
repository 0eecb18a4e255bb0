import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counterSeries } from './registry';

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
