import { randomUUID } from 'node:crypto';
import { notificationRequested } from '@perflab/contracts';
import { createDatabase, type Database } from '@perflab/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../notifications.prisma';
import { createTestDatabase } from '../testing/test-stack';
import { BatchedDeliveryStore } from './batched-delivery-store';
import { NotificationRepository } from '../shared/notification.repository';
import type { DeliveryStore } from './delivery.service';

describe('BatchedDeliveryStore on Postgres', () => {
  let testDb: { url: string; drop(): Promise<void> };
  let database: Database<PrismaClient>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = createDatabase(PrismaClient, { service: 'notifications', url: testDb.url, poolSize: 3 });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function insert(status: string, updatedSecondsAgo = 0): Promise<string> {
    const id = randomUUID();
    await database.pool.query(
      `INSERT INTO notifications (id, user_id, type, channel, title, body, status, updated_at)
       VALUES ($1, $2, 'test', 'EMAIL', 't', 'b', $3, now() - $4 * interval '1 second')`,
      [id, randomUUID(), status, updatedSecondsAgo],
    );
    return id;
  }

  const statusOf = async (id: string) =>
    (await database.pool.query<{ status: string }>(`SELECT status::text FROM notifications WHERE id = $1`, [id]))
      .rows[0].status;
  const eventsOf = async (id: string) =>
    (
      await database.pool.query<{ to_status: string; detail: string | null }>(
        `SELECT to_status::text, detail FROM notification_events WHERE notification_id = $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => `${r.to_status}:${r.detail ?? ''}`);

  it('claims a turn’s notifications in one go: each claimable row once, nothing already held or finished', async () => {
    const [pending, other, held, expired, sent] = [
      await insert('PENDING'),
      await insert('PENDING'),
      await insert('PROCESSING'),
      await insert('PROCESSING', 120),
      await insert('SENT'),
    ];
    const unused: DeliveryStore = {
      claim: () => Promise.reject(new Error('not used')),
      finish: () => Promise.reject(new Error('not used')),
      release: () => Promise.reject(new Error('not used')),
    };
    const store = new BatchedDeliveryStore(new NotificationRepository(database, notificationRequested), unused, 50);
    // The same id twice in one turn, as a redelivery next to a sweeper republish would be.
    const results = await Promise.all([pending, other, pending, held, expired, sent].map((id) => store.claim(id, 60)));
    expect(results.map((r) => r?.id ?? null)).toEqual([pending, other, null, null, expired, null]);
    expect(results[0]).toMatchObject({ status: 'PROCESSING', attempts: 1, channel: 'EMAIL', title: 't' });
    expect(await eventsOf(pending)).toEqual(['PROCESSING:claimed']);
    expect(await eventsOf(expired)).toEqual(['PROCESSING:lease expired']);
    expect(await statusOf(held)).toBe('PROCESSING');

    const finished = await Promise.all([
      store.finish(pending, { status: 'SENT' }),
      store.finish(other, { status: 'SENT' }),
      store.finish(pending, { status: 'SENT' }),
      store.finish(sent, { status: 'SENT' }),
    ]);
    expect(finished.map((f) => f?.id ?? null)).toEqual([pending, other, null, null]);
    expect(await statusOf(pending)).toBe('SENT');
    expect(await eventsOf(pending)).toEqual(['PROCESSING:claimed', 'SENT:']);
    // A second claim of a finished notification finds nothing to do: the gate holds across batches.
    expect(await store.claim(pending, 60)).toBeNull();
  });

  it('puts a deferred delivery back to PENDING, claimable at once; leaves a finished row alone', async () => {
    const repository = new NotificationRepository(database, notificationRequested);
    const store = new BatchedDeliveryStore(repository, repository, 50);
    const [id, sent] = [await insert('PENDING'), await insert('SENT')];
    expect(await store.claim(id, 60)).not.toBeNull();
    await store.release(id, 'breaker_open: provider_email is open');
    await store.release(sent, 'too late');
    expect(await statusOf(id)).toBe('PENDING');
    expect(await statusOf(sent)).toBe('SENT');
    expect(await eventsOf(id)).toEqual(['PROCESSING:claimed', 'PENDING:deferred']);
    expect(await store.claim(id, 60)).toMatchObject({ status: 'PROCESSING', attempts: 2 });
  });
});
