import { describe, expect, it } from 'vitest';
import { metricsRegistry } from '@perflab/observability';
import { BreakerOpenError, BreakerTimeoutError, DependencyBreaker } from './index';

const fail = () => Promise.reject(new Error('down'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DependencyBreaker', () => {
  it('passes results through while closed', async () => {
    const breaker = new DependencyBreaker('unit-ok');
    await expect(breaker.run(async () => 42)).resolves.toBe(42);
    expect(breaker.state).toBe('closed');
    breaker.shutdown();
  });

  it('opens after failures, refuses fast, then closes after a good trial call', async () => {
    const breaker = new DependencyBreaker('unit-flaky', { volumeThreshold: 2, resetTimeoutMs: 50 });
    await expect(breaker.run(fail)).rejects.toThrow('down');
    await expect(breaker.run(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(breaker.run(async () => (called = true))).rejects.toBeInstanceOf(BreakerOpenError);
    expect(called).toBe(false);
    await sleep(80);
    await expect(breaker.run(async () => 'back')).resolves.toBe('back');
    expect(breaker.state).toBe('closed');
    const metrics = await metricsRegistry.getSingleMetricAsString('circuit_breaker_events_total');
    expect(metrics).toContain('breaker="unit-flaky",event="open"');
    expect(metrics).toContain('breaker="unit-flaky",event="close"');
    breaker.shutdown();
  });

  it('times out slow calls and answers from the fallback', async () => {
    const breaker = new DependencyBreaker('unit-slow', { timeoutMs: 20 });
    await expect(breaker.run(() => sleep(200))).rejects.toBeInstanceOf(BreakerTimeoutError);
    await expect(
      breaker.run(
        () => sleep(200).then(() => 'late'),
        () => 'fallback',
      ),
    ).resolves.toBe('fallback');
    breaker.shutdown();
  });

  it('does not count caller errors against the dependency', async () => {
    const breaker = new DependencyBreaker('unit-caller', {
      volumeThreshold: 1,
      isCallerError: (e) => (e as Error).message === 'duplicate',
    });
    for (let i = 0; i < 5; i++) {
      await expect(
        breaker.run(
          () => Promise.reject(new Error('duplicate')),
          () => 'x',
        ),
      ).rejects.toThrow('duplicate');
    }
    expect(breaker.state).toBe('closed');
    breaker.shutdown();
  });
});
