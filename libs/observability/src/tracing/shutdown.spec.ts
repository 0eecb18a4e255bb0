import { describe, expect, it } from 'vitest';
import { isTracingRunning, setRunningTracing, shutdownTracing } from './shutdown';

describe('shutdownTracing', () => {
  it('resolves when the final flush fails (a collector that refuses), and forgets the SDK', async () => {
    let calls = 0;
    setRunningTracing({
      shutdown: () => {
        calls += 1;
        return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
      },
    });
    await expect(shutdownTracing()).resolves.toBeUndefined();
    expect(isTracingRunning()).toBe(false);
    await shutdownTracing();
    expect(calls).toBe(1);
  });

  it('gives up waiting after its bound when the flush hangs', async () => {
    setRunningTracing({ shutdown: () => new Promise<void>(() => undefined) });
    const begin = Date.now();
    await shutdownTracing(50);
    expect(Date.now() - begin).toBeLessThan(2_000);
  });

  it('is a no-op when tracing never started', async () => {
    await expect(shutdownTracing()).resolves.toBeUndefined();
  });
});
