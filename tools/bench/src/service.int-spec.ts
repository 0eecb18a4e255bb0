import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, testEnv } from '@perflab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startNeeds } from './needs';
import { ensureService, healthy, START_TIMEOUT_MS } from './service';
import { TargetsFile } from './targets/targets';

// The bench's start-up code against real processes: a service that dies while starting is
// reported at once, with its log's last lines, not after the health-check timeout.

const dir = mkdtempSync(join(tmpdir(), 'bench-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines: string[] = [];
const log = (s: string) => void lines.push(s);
const STAND_IN = 'tools/bench/src/testing/stand-in-service.fixture.ts';
/** Well under the 90 s timeout, and generous for a cold start on 2 busy cores. */
const PROMPT_MS = 30_000;

/** The stack's env with a DATABASE_URL the service's config refuses (not a postgres:// URL). */
const badDatabaseEnv = () => ({
  DATABASE_URL: 'mysql://perflab:perflab@127.0.0.1:3306/perflab',
  REDIS_URL: testEnv.redisUrl,
  KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
  WORKERS: '1',
});

describe('ensureService', () => {
  it('reports a service that exits while starting at once, with the last lines of its log', async () => {
    const logFile = join(dir, 'auth.service.log');
    const started = Date.now();
    const failure = await ensureService({
      name: 'auth',
      entry: 'apps/auth/src/main.ts',
      port: await freePort(),
      env: badDatabaseEnv(),
      logFile,
      log,
    }).catch((err: Error) => err);
    const elapsed = Date.now() - started;
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/^auth: exited while starting \(code \d+\) after [\d.]+ s; log: /);
    expect(message).toContain(logFile);
    expect(message).toContain('--- last lines of its log ---');
    expect(message).toContain('DATABASE_URL'); // the config error, from the log itself
    expect(elapsed).toBeLessThan(PROMPT_MS);
    expect(START_TIMEOUT_MS).toBeGreaterThanOrEqual(3 * PROMPT_MS);
  });

  it('reports a service that runs but never answers when the timeout ends, with its log too', async () => {
    const logFile = join(dir, 'silent.service.log');
    const port = await freePort();
    const failure = await ensureService({
      name: 'silent',
      entry: STAND_IN,
      port,
      env: { STAND_IN: 'silent' },
      logFile,
      log,
      timeoutMs: 4_000,
    }).catch((err: Error) => err);
    expect((failure as Error).message).toMatch(
      new RegExp(`^silent: http://127.0.0.1:${port}/health did not answer 200 within 4 s; log: `),
    );
    expect((failure as Error).message).toContain(`stand-in: silent on port ${port}`);
  });

  it('starts a service that answers, and stops only what it started', async () => {
    const port = await freePort();
    const service = await ensureService({
      name: 'healthy',
      entry: STAND_IN,
      port,
      env: { STAND_IN: 'healthy' },
      logFile: join(dir, 'healthy.service.log'),
      log,
    });
    expect(service.startedByBench).toBe(true);
    const again = await ensureService({
      name: 'healthy',
      entry: STAND_IN,
      port,
      env: {},
      logFile: join(dir, 'healthy-again.service.log'),
      log,
    });
    expect(again.startedByBench).toBe(false);
    await again.stop();
    expect(await healthy(`http://127.0.0.1:${port}/health`)).toBe(true);
    await service.stop();
    expect(await healthy(`http://127.0.0.1:${port}/health`)).toBe(false);
  });
});

describe('startNeeds', () => {
  it('reports a needed service (auth for notifications) that exits while starting, with its log', async () => {
    const port = await freePort();
    const targets = { suites: { auth: { port, app: 'apps/auth', scenarios: {} } } } as unknown as TargetsFile;
    const started = Date.now();
    const failure = await startNeeds({
      names: ['auth'],
      targets,
      profile: 'smoke',
      stackEnv: badDatabaseEnv(),
      runId: 'needs-int',
      dir,
      log,
    }).catch((err: Error) => err);
    expect((failure as Error).message).toMatch(/^auth: exited while starting/);
    expect((failure as Error).message).toContain(join(dir, 'auth.service.log'));
    expect((failure as Error).message).toContain('DATABASE_URL');
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
  });
});
