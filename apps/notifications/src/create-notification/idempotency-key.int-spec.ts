import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '@perflab/observability';
import { createTokenMinter } from '@perflab/testing';
import { ExpiredIdempotencyKeysJob } from '../idempotency/expired-keys.job';
import { startTestApp, type TestApp } from '../testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from '../testing/test-stack';

/** Idempotency-Key on create and batch: a client that timed out retries safely. */
describe('Idempotency-Key', () => {
  const names = isolatedNames('notif_idem');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let pg: Client;
  let token: string;
  let userId: string;
  const notification = (title = 'Hello') => ({ userId, type: 'digest', channel: 'EMAIL', title, body: 'b' });
  const post = (path: string, body: unknown, key?: string) =>
    app.request('POST', path, { token, body, headers: key ? { 'idempotency-key': key } : {} });
  const rowsOf = async () =>
    Number(
      (await pg.query('SELECT count(*) FROM notifications.notifications WHERE user_id = $1', [userId])).rows[0].count,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    userId = randomUUID();
    token = await minter.token(userId);
    app = await startTestApp({
      ...serviceEnv(names, database.url, minter.publicKeysJson),
      ROLE: 'api',
      // The test runs the cleanup itself; a small batch makes it take several statements.
      IDEMPOTENCY_CLEANUP_INTERVAL_MS: '86400000',
      IDEMPOTENCY_CLEANUP_BATCH: '2',
    });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });
  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await cleanUp(names);
    await database?.drop();
  });

  it('answers a retry with the original 202 and stores the notification once', async () => {
    const key = randomUUID();
    const first = await post('/notifications', notification(), key);
    const retry = await post('/notifications', notification(), key);
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(await rowsOf()).toBe(1);
  });

  it('does the same for a batch: the original ids, one set of rows', async () => {
    const before = await rowsOf();
    const key = randomUUID();
    const body = { notifications: [notification('a'), notification('b')] };
    const first = await post('/notifications/batch', body, key);
    const retry = await post('/notifications/batch', body, key);
    expect(first.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect((first.body.items as unknown[]).length).toBe(2);
    expect(await rowsOf()).toBe(before + 2);
  });

  it('answers 422 when the key comes back with another body (or on the other endpoint)', async () => {
    const key = randomUUID();
    expect((await post('/notifications', notification('one'), key)).status).toBe(202);
    const before = await rowsOf();
    const other = await post('/notifications', notification('two'), key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    const batch = await post('/notifications/batch', { notifications: [notification('one')] }, key);
    expect(batch.status).toBe(422);
    expect(await rowsOf()).toBe(before);
  });

  it('answers 409 while the first request with the key is still in flight', async () => {
    const key = randomUUID();
    // An uncommitted claim of the key stands in for the first request, mid-transaction.
    const first = new Client({ connectionString: database.url });
    await first.connect();
    try {
      await first.query('BEGIN');
      await first.query(
        `INSERT INTO notifications.idempotency_keys (user_id, key, request_hash, response, expires_at)
         VALUES ($1, $2, 'x', 'null', now() + interval '1 hour')`,
        [userId, key],
      );
      const before = await rowsOf();
      const second = await post('/notifications', notification(), key);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
      expect(await rowsOf()).toBe(before);
    } finally {
      await first.query('ROLLBACK');
      await first.end();
    }
  });

  it('rejects a malformed key with a 400 naming the header, and works without one', async () => {
    const bad = await post('/notifications', notification(), 'has space');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'Idempotency-Key' });
    expect((await post('/notifications', notification())).status).toBe(202);
  });
  it('deletes expired keys in batches and keeps the live ones; an expired key may then be used anew', async () => {
    const live = randomUUID();
    const expired = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const key of [live, ...expired])
      expect((await post('/notifications', notification(key), key)).status).toBe(202);
    await pg.query(
      `UPDATE notifications.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = ANY($1::text[])`,
      [expired],
    );
    const keysOf = async () =>
      (await pg.query('SELECT key FROM notifications.idempotency_keys WHERE user_id = $1', [userId])).rows.map(
        (row: { key: string }) => row.key,
      );

    const job = app.app.get(ExpiredIdempotencyKeysJob);
    expect(await job.deleteExpired()).toBe(5);
    const left = await keysOf();
    expect(left).toContain(live);
    for (const key of expired) expect(left).not.toContain(key);
    expect(await metricsRegistry.getSingleMetricAsString('notifications_idempotency_keys_expired_total')).toMatch(
      /notifications_idempotency_keys_expired_total [1-9]/,
    );
    const before = await rowsOf();
    const reused = await post('/notifications', notification('again'), expired[0]);
    expect(reused.status).toBe(202);
    expect(await rowsOf()).toBe(before + 1);
  });
});
