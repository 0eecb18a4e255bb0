import { freePort, spawnService, testEnv, uniqueName, waitFor, type SpawnedService } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, uniqueEmail } from './testing/auth-test-app';

/**
 * During a broker outage kafkajs retries on every connection and prints a line per attempt.
 * Every line the service writes (primary and workers, stdout and stderr) must still be the
 * one JSON shape, and the retries must not flood: a warning per kind, not one per attempt.
 */
describe('auth while Kafka is unreachable: every output line is the service’s JSON', () => {
  let auth: SpawnedService;
  const kafkaLines = () => auth.lines.filter((line) => line.component === 'kafkajs');

  beforeAll(async () => {
    await migrateAuth();
    // Nothing listens there: the broker is down for the whole run.
    const deadBroker = `127.0.0.1:${await freePort()}`;
    auth = await spawnService('apps/auth/src/main.ts', {
      NODE_ENV: 'production',
      WORKERS: '2',
      DATABASE_URL: testEnv.databaseUrl,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: uniqueName('authlogs'),
      KAFKA_BROKERS: deadBroker,
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      OUTBOX_POLL_INTERVAL_MS: '200',
    });
    await auth.waitForLine((line) => line.msg === 'listening', 60_000);
  }, 90_000);

  afterAll(async () => {
    await auth?.stop();
  });

  it('logs the outage and the held-back event as JSON lines, with no raw kafkajs output', async () => {
    // A registration writes user.registered.v1 to the outbox; the relay then fails to publish it.
    const registered = await fetch(`${auth.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('kdown'), password: 'Correct-horse-42', name: 'Kafka Down' }),
    });
    expect(registered.status).toBe(201);
    await auth.waitForLine((line) => line.context === 'Outbox' && /publish failed/.test(String(line.msg)), 60_000);
    await waitFor(() => kafkaLines().length > 0, { what: 'a kafkajs line', timeoutMs: 30_000 });

    const unparsed = auth.lines.filter((line) => line.unparsed);
    expect(unparsed).toEqual([]);
    expect(auth.stderr()).toBe('');
    for (const line of auth.lines) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), service: 'auth' });
    }

    // kafkajs' lines come through the service logger, without a stack per retry.
    for (const line of kafkaLines()) {
      expect(line).not.toHaveProperty('stack');
      expect(line).not.toHaveProperty('logger');
      expect(line.level).not.toBe('error');
    }
    // Each kind of retry line once per process (two workers); a later one only as a count of the held-back.
    const perKind = new Map<string, number>();
    for (const line of kafkaLines()) {
      if (line.repeated !== undefined) {
        expect(line.repeated).toBeGreaterThan(0);
        continue;
      }
      const kind = `${String(line.pid)} ${String(line.namespace)} ${String(line.msg).replace(/\d+/g, '#')}`;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    }
    expect(Math.max(...perKind.values())).toBe(1);
  }, 120_000);
});
