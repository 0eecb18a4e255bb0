import { randomUUID } from 'node:crypto';
import { createTokenMinter, waitFor } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('notif_roles');

/** ROLE=api and ROLE=worker as two processes' worth of app: the API accepts, the worker delivers. */
describe('notifications split into an API and a delivery worker (ROLE)', () => {
  let api: TestApp;
  let worker: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;
  let token: string;
  const userId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    token = await minter.token(userId);
    const env = serviceEnv(names, database.url, minter.publicKeysJson);
    [api, worker] = await Promise.all([
      startTestApp({ ...env, ROLE: 'api' }),
      startTestApp({ ...env, ROLE: 'worker' }),
    ]);
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await pg?.end();
    await cleanUp(names);
    await database?.drop();
  });

  it('accepts on the API, delivers on the worker', async () => {
    const created = await api.request('POST', '/notifications', {
      token,
      body: { userId, type: 'split', channel: 'IN_APP', title: 'Hi', body: 'From the API process' },
    });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    await waitFor(
      async () =>
        (await pg.query('SELECT status::text FROM notifications.notifications WHERE id = $1', [id])).rows[0]?.status ===
        'SENT',
      { timeoutMs: 20_000, what: 'the worker to deliver it' },
    );
    expect((await api.request('GET', `/notifications/${id}`, { token })).body.status).toBe('SENT');
  });

  it('runs no consumer in the API process and serves no API in the worker process', async () => {
    const apiWorker = await api.request('GET', '/health/worker');
    expect(apiWorker.status).toBe(200);
    expect(apiWorker.body.checks).toMatchObject({ worker: { status: 'up', enabled: false } });
    const workerHealth = await worker.request('GET', '/health/worker');
    expect(workerHealth.body.checks).toMatchObject({ worker: { status: 'up', enabled: true } });
    expect((await worker.request('GET', '/health')).status).toBe(200);
    expect((await worker.request('GET', '/metrics')).status).toBe(200);
    const refused = await worker.request('GET', '/notifications', { token });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ status: 404 });
  });
});
