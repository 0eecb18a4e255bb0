import { userRegistered } from '@perflab/contracts';
import { createKafka, declareTopics } from '@perflab/messaging';
import { metricsRegistry } from '@perflab/observability';
import { assertTestDatabase, testEnv, uniqueName, waitFor } from '@perflab/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAuth, startAuthApp, uniqueEmail, type AuthTestApp } from './testing/auth-test-app';

const PASSWORD = 'Correct-horse-42';

/** Outbox drains whose publish to Kafka failed, in this process (the apps here run in it). */
async function failedPublishes(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('outbox_relay_failures_total')?.get();
  return metric?.values.find((v) => v.labels.reason === 'kafka')?.value ?? 0;
}

/** A database of its own: the signing key and outbox rows here are this file's alone. */
async function throwawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  assertTestDatabase(testEnv.databaseUrl);
  const name = uniqueName('perflab_test_auth').toLowerCase();
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: testEnv.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(testEnv.databaseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

describe('signing keys shared across processes, and the outbox', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  const apps: AuthTestApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const app = await startAuthApp({ DATABASE_URL: db.url, ...env });
    apps.push(app);
    return app;
  };
  const stop = async (app: AuthTestApp) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  beforeAll(async () => {
    db = await throwawayDatabase();
    await migrateAuth(db.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await pg?.end();
    await db?.drop();
  });

  it('two instances started at once sign with one key, and a restart keeps it', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const jwksA = await a.request('GET', '/.well-known/jwks.json');
    const jwksB = await b.request('GET', '/.well-known/jwks.json');
    expect(jwksA.body).toEqual(jwksB.body);
    expect((await pg.query('SELECT count(*)::int AS n FROM auth.signing_keys')).rows[0].n).toBe(1);

    const email = uniqueEmail();
    expect((await a.request('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'K' } })).status).toBe(
      201,
    );
    const token = (await a.request('POST', '/auth/login', { body: { email, password: PASSWORD } })).body
      .access_token as string;
    expect((await b.request('GET', '/users/me', { token })).status).toBe(200);

    await stop(a);
    await stop(b);
    const c = await start();
    expect((await c.request('GET', '/.well-known/jwks.json')).body).toEqual(jwksA.body);
    expect((await c.request('GET', '/users/me', { token })).status).toBe(200);
    await stop(c);
  });

  describe('user.registered.v1', () => {
    let consumer: Consumer;
    const seen = new Map<string, Record<string, unknown>>();

    beforeAll(async () => {
      const kafkaClient = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'auth-outbox-test' });
      await declareTopics(kafkaClient, [userRegistered]);
      await kafkaClient.disconnect();
      const kafka = new Kafka({
        brokers: testEnv.kafkaBrokers,
        clientId: 'auth-outbox-test',
        logLevel: logLevel.NOTHING,
      });
      consumer = kafka.consumer({ groupId: uniqueName('auth-outbox-test') });
      await consumer.connect();
      await consumer.subscribe({ topic: userRegistered.topic, fromBeginning: false });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = JSON.parse(message.value?.toString() ?? '{}');
          seen.set(message.key?.toString() ?? '', value);
        },
      });
      await joined;
    });
    afterAll(() => consumer?.disconnect());

    it('keeps the event while Kafka is unreachable and publishes it once Kafka is back', async () => {
      // Kafka "down": this instance's broker list points at a closed port.
      const down = await start({ KAFKA_BROKERS: '127.0.0.1:1' });
      const email = uniqueEmail('outbox');
      const res = await down.request('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Outbox' } });
      expect(res.status).toBe(201); // the registration is not lost or refused
      const id = res.body.id as string;
      // Two failed publishes from now: the second drain began after the row was committed, so
      // the relay has tried this row and failed (the first may have begun before the commit).
      const failedBefore = await failedPublishes();
      await waitFor(async () => (await failedPublishes()) >= failedBefore + 2, {
        timeoutMs: 45_000,
        what: 'two failed outbox publishes',
      });
      const pending = await pg.query('SELECT topic, payload FROM auth.outbox_events WHERE key = $1', [id]);
      expect(pending.rows).toEqual([
        { topic: 'user.registered.v1', payload: expect.objectContaining({ userId: id, email }) },
      ]);
      expect(seen.has(id)).toBe(false);
      await stop(down);

      // Kafka "back": an instance that can reach it drains the outbox.
      const up = await start();
      const event = await waitFor(() => seen.get(id), { timeoutMs: 30_000, what: 'user.registered.v1 for the user' });
      expect(event).toMatchObject({ userId: id, email, name: 'Outbox', role: 'USER' });
      await waitFor(
        async () => (await pg.query('SELECT 1 FROM auth.outbox_events WHERE key = $1', [id])).rowCount === 0,
        {
          what: 'the outbox row to be deleted',
        },
      );
      await stop(up);
    });
  });
});
