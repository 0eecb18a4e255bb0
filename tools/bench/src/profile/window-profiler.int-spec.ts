import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnService, waitFor, type SpawnedService } from '@perflab/testing';
import { REPO_ROOT } from '../paths';
import { profileEnv, WindowProfiler } from './window-profiler';

// The bench's profiler against a real cluster (the runtime's fixture service, 2 workers):
// it finds the workers, opens and closes a window per script, and merges what they wrote.
const FIXTURE = join(REPO_ROOT, 'libs/runtime/src/testing/fixture/main.ts');

describe('WindowProfiler on a 2-worker service', () => {
  let service: SpawnedService | undefined;
  let dir = '';
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('profiles each worker over each window and writes the flame graph', async () => {
    dir = mkdtempSync(join(tmpdir(), 'window-profiler-'));
    service = await spawnService(FIXTURE, { WORKERS: '2', ...profileEnv(dir) });
    await waitFor(() => service!.lines.filter((l) => l.msg === 'listening').length >= 2, {
      timeoutMs: 30_000,
      what: '2 workers listening',
    });
    const profiler = new WindowProfiler({
      dir,
      servicePids: [service.child.pid!],
      stackDir: '/nonexistent',
      log: () => {},
    });
    for (const script of ['first', 'second']) {
      profiler.startAfter(0);
      const until = Date.now() + 800;
      await waitFor(
        async () => {
          await Promise.all(Array.from({ length: 10 }, () => fetch(`${service!.url}/health`).then((r) => r.text())));
          return Date.now() > until;
        },
        { timeoutMs: 10_000, intervalMs: 10, what: `load for ${script}` },
      );
      await profiler.stop(script);
    }
    const files = readdirSync(join(dir, 'cpu-profiles')).sort();
    expect(files).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('-first.cpuprofile'))).toHaveLength(2);
    const s = profiler.summary('fixture');
    expect(s).toMatchObject({ workers: 2, profiles: 4, flameGraph: 'cpu-flame.svg', intervalUs: 1000 });
    if (!('packages' in s)) throw new Error('no summary');
    expect(s.packages.map((p) => p.name)).toContain('fastify');
    expect(s.machine.find((m) => m.name === 'service (all workers)')!.avgPercent).toBeGreaterThan(0);
    expect(s.machine.find((m) => m.name === 'Redis')!.why).toBe('no run/redis.pid under /nonexistent');
    expect(existsSync(join(dir, 'cpu-flame.svg'))).toBe(true);
    expect(readFileSync(join(dir, 'cpu-flame.svg'), 'utf8')).toContain('[fastify]');
  }, 90_000);

  it('without a V8 profile (a bare baseline) samples the machine alone over the windows, and signals no worker', async () => {
    dir = mkdtempSync(join(tmpdir(), 'window-profiler-machine-'));
    // No profile hook in its env: a SIGUSR2 would end a worker (and the primary start another).
    service = await spawnService(FIXTURE, { WORKERS: '2' });
    await waitFor(() => service!.lines.filter((l) => l.msg === 'listening').length >= 2, {
      timeoutMs: 30_000,
      what: '2 workers listening',
    });
    const profiler = new WindowProfiler({
      dir,
      servicePids: [service.child.pid!],
      stackDir: '/nonexistent',
      notProfiled: 'bare baselines are not profiled (they have no hook)',
      log: () => {},
    });
    profiler.startAfter(0);
    const until = Date.now() + 1500;
    await waitFor(
      async () => {
        await Promise.all(Array.from({ length: 10 }, () => fetch(`${service!.url}/health`).then((r) => r.text())));
        return Date.now() > until;
      },
      { timeoutMs: 10_000, intervalMs: 10, what: 'load' },
    );
    await profiler.stop('only');
    expect((await fetch(`${service.url}/health`)).ok).toBe(true);
    expect(service.lines.filter((l) => l.msg === 'listening')).toHaveLength(2);
    const s = profiler.summary('fixture');
    expect(s.notMeasured).toBe('bare baselines are not profiled (they have no hook)');
    expect(s.machine!.find((m) => m.name === 'service (all workers)')!.avgPercent).toBeGreaterThan(0);
    expect(s.machine!.find((m) => m.name === 'Redis')!.why).toBe('no run/redis.pid under /nonexistent');
    expect(existsSync(join(dir, 'cpu-profiles'))).toBe(false);
    expect(existsSync(join(dir, 'cpu-flame.svg'))).toBe(false);
  }, 90_000);

  it('closes a window at its cap while the load goes on (an hour-long soak is not profiled throughout)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'window-profiler-cap-'));
    service = await spawnService(FIXTURE, { WORKERS: '2', ...profileEnv(dir) });
    await waitFor(() => service!.lines.filter((l) => l.msg === 'listening').length >= 2, {
      timeoutMs: 30_000,
      what: '2 workers listening',
    });
    const logged: string[] = [];
    const profiler = new WindowProfiler({
      dir,
      servicePids: [service.child.pid!],
      stackDir: '/nonexistent',
      maxWindowSeconds: 0.5,
      log: (l) => logged.push(l),
    });
    profiler.startAfter(0);
    await waitFor(() => logged.some((l) => l.includes('the cap')), {
      timeoutMs: 10_000,
      what: 'the cap to close the window',
    });
    // Load after the cap: not in the profile.
    const until = Date.now() + 1_500;
    await waitFor(
      async () => {
        await fetch(`${service!.url}/health`).then((r) => r.text());
        return Date.now() > until;
      },
      { timeoutMs: 10_000, intervalMs: 10, what: 'load after the cap' },
    );
    await profiler.stop('capped');
    const files = readdirSync(join(dir, 'cpu-profiles')).filter((f) => f.endsWith('-capped.cpuprofile'));
    expect(files).toHaveLength(2);
    for (const f of files) {
      const p = JSON.parse(readFileSync(join(dir, 'cpu-profiles', f), 'utf8')) as {
        startTime: number;
        endTime: number;
      };
      expect((p.endTime - p.startTime) / 1e6).toBeLessThan(1.2); // µs: the 0.5 s cap, not the 1.5 s of load after it
    }
  }, 90_000);
});
