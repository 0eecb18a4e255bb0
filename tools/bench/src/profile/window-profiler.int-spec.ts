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

type ProfilerOptions = ConstructorParameters<typeof WindowProfiler>[0];

describe('WindowProfiler on a 2-worker service', () => {
  let service: SpawnedService | undefined;
  let dir = '';
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The fixture with its 2 workers listening (with the runtime's profile hook when `hooked`), and its profiler. */
  async function profiledService(
    name: string,
    o: { hooked: boolean } & Partial<ProfilerOptions>,
  ): Promise<{ svc: SpawnedService; profiler: WindowProfiler }> {
    const { hooked, ...options } = o;
    dir = mkdtempSync(join(tmpdir(), `window-profiler-${name}-`));
    const svc = await spawnService(FIXTURE, { WORKERS: '2', ...(hooked ? profileEnv(dir) : {}) });
    service = svc;
    await waitFor(() => svc.lines.filter((l) => l.msg === 'listening').length >= 2, {
      timeoutMs: 30_000,
      what: '2 workers listening',
    });
    const profiler = new WindowProfiler({
      dir,
      servicePids: [svc.child.pid!],
      stackDir: '/nonexistent',
      log: () => {},
      ...options,
    });
    return { svc, profiler };
  }

  /** Requests to /health, `parallel` at a time, for `ms`. */
  async function load(svc: SpawnedService, ms: number, what: string, parallel = 10): Promise<void> {
    const until = Date.now() + ms;
    await waitFor(
      async () => {
        await Promise.all(Array.from({ length: parallel }, () => fetch(`${svc.url}/health`).then((r) => r.text())));
        return Date.now() > until;
      },
      { timeoutMs: 10_000, intervalMs: 10, what },
    );
  }

  it('profiles each worker over each window and writes the flame graph', async () => {
    const { svc, profiler } = await profiledService('v8', { hooked: true });
    for (const script of ['first', 'second']) {
      profiler.startAfter(0);
      await load(svc, 800, `load for ${script}`);
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
    // No profile hook in its env: a SIGUSR2 would end a worker (and the primary start another).
    const { svc, profiler } = await profiledService('machine', {
      hooked: false,
      notProfiled: 'bare baselines are not profiled (they have no hook)',
    });
    profiler.startAfter(0);
    await load(svc, 1500, 'load');
    await profiler.stop('only');
    expect((await fetch(`${svc.url}/health`)).ok).toBe(true);
    expect(svc.lines.filter((l) => l.msg === 'listening')).toHaveLength(2);
    const s = profiler.summary('fixture');
    expect(s.notMeasured).toBe('bare baselines are not profiled (they have no hook)');
    expect(s.machine!.find((m) => m.name === 'service (all workers)')!.avgPercent).toBeGreaterThan(0);
    expect(s.machine!.find((m) => m.name === 'Redis')!.why).toBe('no run/redis.pid under /nonexistent');
    expect(existsSync(join(dir, 'cpu-profiles'))).toBe(false);
    expect(existsSync(join(dir, 'cpu-flame.svg'))).toBe(false);
  }, 90_000);

  it('closes a window at its cap while the load goes on (an hour-long soak is not profiled throughout)', async () => {
    const logged: string[] = [];
    const { svc, profiler } = await profiledService('cap', {
      hooked: true,
      maxWindowSeconds: 0.5,
      log: (l) => logged.push(l),
    });
    profiler.startAfter(0);
    await waitFor(() => logged.some((l) => l.includes('the cap')), {
      timeoutMs: 10_000,
      what: 'the cap to close the window',
    });
    // Load after the cap: not in the profile.
    await load(svc, 1_500, 'load after the cap', 1);
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
