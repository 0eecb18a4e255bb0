import { connect } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnService, waitFor, type SpawnedService } from '@perflab/testing';

const FIXTURE = resolve(__dirname, 'testing/fixture/main.ts');
const SHUTDOWN_TIMEOUT_MS = 8_000;

const byMsg = (msg: string) => (line: Record<string, unknown>) => line.msg === msg;

/** Resolves true when a TCP connection is refused, false when it is accepted (then dropped). */
function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

async function listening(service: SpawnedService, workers: number): Promise<void> {
  await waitFor(() => service.lines.filter(byMsg('listening')).length >= workers, {
    timeoutMs: 30_000,
    what: `${workers} workers listening`,
  });
}

describe('runService in cluster mode (WORKERS=2)', () => {
  let service: SpawnedService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('on SIGTERM finishes every in-flight request, refuses new connections, and exits 0 within the bound', async () => {
    service = await spawnService(FIXTURE, { WORKERS: '2', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    const { url, port } = service;
    await listening(service, 2);

    const requests = Array.from({ length: 20 }, async () => {
      const response = await fetch(`${url}/fixture/slow?ms=3000`);
      return { status: response.status, body: (await response.json()) as { sleptMs: number }, at: Date.now() };
    });
    await waitFor(() => service!.lines.filter(byMsg('fixture: slow request started')).length >= 20, {
      what: '20 requests in flight',
    });

    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    await waitFor(() => refused(port), { timeoutMs: 5_000, intervalMs: 50, what: 'new connections refused' });
    const refusedAt = Date.now();

    const results = await Promise.all(requests);
    const { code, signal } = await service.exited;
    const exitedAt = Date.now();

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.every((r) => r.body.sleptMs === 3000)).toBe(true);
    // Refused while the slow requests were still being served, not after.
    expect(refusedAt).toBeLessThan(Math.min(...results.map((r) => r.at)));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(exitedAt - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    // Lifecycle hooks (where libs commit offsets and close pools) ran in each worker after HTTP drained.
    const hooks = service.lines.filter(byMsg('fixture: onApplicationShutdown ran'));
    expect(hooks).toHaveLength(2);
    expect(hooks.every((line) => line.inFlight === 0)).toBe(true);
    expect(service.lines.filter(byMsg('shutdown complete'))).toHaveLength(2);
    expect(service.stderr()).toBe('');
  });

  it('on SIGTERM while workers are still loading their modules (no handlers yet), exits 0', async () => {
    service = await spawnService(FIXTURE, { WORKERS: '2', FIXTURE_WORKER_LOAD_MS: '60000' });
    await waitFor(() => service!.lines.filter(byMsg('worker started')).length === 2, { what: '2 workers forked' });

    service.child.kill('SIGTERM');
    expect(await service.exited, service.outputTail()).toEqual({ code: 0, signal: null });
    expect(service.lines.filter(byMsg('worker exited'))).toEqual([
      expect.objectContaining({ signal: 'SIGTERM', listening: false }),
      expect.objectContaining({ signal: 'SIGTERM', listening: false }),
    ]);
  });

  it('on SIGTERM while workers are initialising (handlers installed, not listening), lets them start, then closes them and exits 0', async () => {
    // The close hooks outlast the init: closing mid-init would let the init carry on into a closed Fastify.
    service = await spawnService(FIXTURE, {
      WORKERS: '2',
      FIXTURE_INIT_MS: '1500',
      FIXTURE_SHUTDOWN_HOOK_MS: '2500',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    await waitFor(() => service!.lines.filter(byMsg('fixture: slow init started')).length === 2, {
      timeoutMs: 30_000,
      what: '2 workers initialising',
    });

    service.child.kill('SIGTERM');
    expect(await service.exited, service.outputTail()).toEqual({ code: 0, signal: null });
    expect(service.lines.filter(byMsg('fixture: onApplicationShutdown ran'))).toHaveLength(2);
    expect(service.lines.filter(byMsg('shutdown complete'))).toHaveLength(2);
    expect(service.stderr()).toBe('');
  });

  it('replaces a worker killed with SIGKILL and keeps answering', async () => {
    service = await spawnService(FIXTURE, { WORKERS: '2' });
    await listening(service, 2);
    const started = service.lines.filter(byMsg('worker started')).map((line) => line.workerPid as number);
    const [victim, survivor] = started;

    process.kill(victim, 'SIGKILL');
    const died = await service.waitForLine(byMsg('worker died; restarting'));
    expect(died).toMatchObject({ workerPid: victim, signal: 'SIGKILL' });
    await listening(service, 3);

    const pids = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${service.url}/fixture/pid`);
      expect(response.status).toBe(200);
      pids.add(((await response.json()) as { pid: number }).pid);
    }
    expect(pids.has(victim)).toBe(false);
    const replacement = service.lines.filter(byMsg('worker started')).at(-1)?.workerPid as number;
    expect([...pids].every((pid) => pid === survivor || pid === replacement)).toBe(true);

    // One scrape covers every worker: the primary aggregates them (the 20 requests above, at least).
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const served = metrics.match(/http_requests_total\{method="GET",route="\/fixture\/pid",status_code="200"\} (\d+)/);
    expect(Number(served?.[1])).toBeGreaterThanOrEqual(20);
  });

  it('gives up with a clear log when workers keep dying at start', async () => {
    service = await spawnService(FIXTURE, { WORKERS: '2', FIXTURE_CRASH_ON_START: '1' });
    const { code } = await service.exited;
    const output = service.outputTail(80);
    expect(code, output).toBe(1);
    const storm = service.lines.find((line) => String(line.msg).startsWith('restart storm'));
    expect(storm, output).toMatchObject({ level: 'error', deaths: 3, windowMs: 60_000 });
    expect(service.lines.filter(byMsg('service failed to start')).length, output).toBeGreaterThanOrEqual(3);
  });
});
