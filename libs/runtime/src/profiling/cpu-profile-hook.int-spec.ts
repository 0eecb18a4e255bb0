import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnService, waitFor, type SpawnedService } from '@perflab/testing';

const FIXTURE = resolve(__dirname, '../testing/fixture/main.ts');

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

describe('the CPU profile hook (CPU_PROFILE_DIR)', () => {
  let service: SpawnedService | undefined;
  let dir = '';
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('profiles exactly between two SIGUSR2 and writes cpu-<pid>.cpuprofile', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'));
    service = await spawnService(FIXTURE, { WORKERS: '1', CPU_PROFILE_DIR: dir, CPU_PROFILE_INTERVAL_US: '500' });
    await waitFor(() => service!.lines.some((l) => l.msg === 'listening'), { timeoutMs: 30_000, what: 'listening' });
    const file = join(dir, `cpu-${service.child.pid}.cpuprofile`);

    service.child.kill('SIGUSR2');
    const started = Date.now();
    // Load inside the window, so the profile has the service's own frames in it.
    await waitFor(
      async () => {
        await Promise.all(Array.from({ length: 20 }, () => fetch(`${service!.url}/health`).then((r) => r.text())));
        return Date.now() - started > 1_000;
      },
      { timeoutMs: 10_000, intervalMs: 10, what: 'a second of requests' },
    );
    expect(existsSync(file)).toBe(false);
    service.child.kill('SIGUSR2');
    await waitFor(() => existsSync(file), { timeoutMs: 10_000, what: 'the profile file' });

    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const seconds = (profile.endTime - profile.startTime) / 1e6;
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(10);
    expect(profile.samples.length).toBeGreaterThan(100);
    expect(profile.nodes.some((n) => n.callFrame.url.includes('node_modules/fastify'))).toBe(true);
  }, 60_000);

  it('installs nothing without CPU_PROFILE_DIR: SIGUSR2 then ends the process as by default', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'));
    service = await spawnService(FIXTURE, { WORKERS: '1' });
    await waitFor(() => service!.lines.some((l) => l.msg === 'listening'), { timeoutMs: 30_000, what: 'listening' });
    service.child.kill('SIGUSR2');
    expect((await service.exited).signal).toBe('SIGUSR2');
  }, 60_000);
});
