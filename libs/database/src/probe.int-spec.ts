import { it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PrismaClient } from '../../../prisma/auth/generated/client';
import { createDatabase } from './client/create-database';
import * as net from 'node:net';

const show = (label: string, e: unknown) => {
  const x = e as Record<string, unknown>;
  console.log(label, JSON.stringify({ name: x?.name, code: x?.code, message: String(x?.message).slice(0, 200), meta: x?.meta, retryable: x?.retryable, cause: (x?.cause as { message?: string; kind?: string })?.message ?? x?.cause }));
};

it('probe closed port', async () => {
  const db = createDatabase(PrismaClient, { service: 'auth', url: 'postgresql://perflab:perflab@127.0.0.1:1/perflab_test', poolSize: 1, breaker: { volumeThreshold: 1000 } });
  await db.client.user.findFirst().catch((e) => show('model', e));
  await db.client.$queryRaw`SELECT 1`.catch((e) => show('raw', e));
  await db.client.$transaction([db.client.user.findFirst(), db.client.$executeRaw`SELECT 1`]).catch((e) => show('batch-tx', e));
  await db.client.$transaction(async (tx) => tx.user.findFirst()).catch((e) => show('interactive-tx', e));
  await db.pool.query('SELECT 1').catch((e) => show('pool', e));
  await db.close();
}, 60_000);

it('probe black hole (connect timeout)', async () => {
  const server = net.createServer(() => undefined); // accepts, never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const db = createDatabase(PrismaClient, { service: 'auth', url: `postgresql://perflab:perflab@127.0.0.1:${port}/perflab_test`, poolSize: 1, connectionTimeoutMs: 300, breaker: { volumeThreshold: 1000 } });
  await db.client.user.findFirst().catch((e) => show('model', e));
  await db.client.$queryRaw`SELECT 1`.catch((e) => show('raw', e));
  await db.client.$transaction(async (tx) => tx.user.findFirst()).catch((e) => show('interactive-tx', e));
  await db.pool.query('SELECT 1').catch((e) => show('pool', e));
  await db.close();
  server.close();
}, 60_000);

it('probe terminated mid-query', async () => {
  const db = createDatabase(PrismaClient, { service: 'auth', url: process.env.DATABASE_URL_TEST ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab_test', poolSize: 2, breaker: { volumeThreshold: 1000 } });
  const killer = createDatabase(PrismaClient, { service: 'auth', url: process.env.DATABASE_URL_TEST ?? 'postgresql://perflab:perflab@127.0.0.1:5432/perflab_test', poolSize: 1 });
  const slow = db.client.$queryRaw`SELECT pg_sleep(3), 'h4probe'`.catch((e) => show('raw-terminated', e));
  await new Promise((r) => setTimeout(r, 500));
  await killer.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%h4probe%' AND pid <> pg_backend_pid()`);
  await slow;
  const slow2 = db.pool.query(`SELECT pg_sleep(3), 'h4probe2'`).catch((e) => show('pool-terminated', e));
  await new Promise((r) => setTimeout(r, 500));
  await killer.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%h4probe2%' AND pid <> pg_backend_pid()`);
  await slow2;
  await db.close(); await killer.close();
}, 60_000);
