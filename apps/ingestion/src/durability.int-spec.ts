import { metricsRegistry } from '@perflab/observability';
import type { KafkaClient } from '@perflab/messaging';
import { testEnv, waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/ingestion-test-app';
import {
  cleanUp,
  createTestDatabase,
  isolatedNames,
  messageCount,
  newSecret,
  serviceEnv,
  sessionCompletedBody,
  signed,
  testKafka,
} from './testing/test-stack';

/**
 * What "2xx means durable" promises under failure: Postgres down → 503 + Retry-After and
 * nothing accepted; Kafka down → 202 right after the commit, the event waits in the outbox
 * and is published once Kafka is back.
 */
describe('ingestion durability', () => {
  const secret = newSecret();
  const secrets = `lms=${secret}`;

  describe('Postgres unreachable', () => {
    const names = isolatedNames('ingest_pgdown');
    let app: TestApp;

    beforeAll(async () => {
      const unreachable = new URL(testEnv.databaseUrl);
      unreachable.port = '1'; // nothing listens there
      app = await startTestApp(serviceEnv(names, unreachable.toString(), secrets));
    });
    afterAll(async () => {
      await app?.close();
      await cleanUp(names);
    });

    it('answers a valid webhook 503 with Retry-After (the sender retries), never 2xx', async () => {
      const delivery = signed(secret, sessionCompletedBody('company-pgdown'));
      const res = await app.request('POST', '/webhooks/ingest', { raw: delivery.raw, headers: delivery.headers });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      expect((await app.request('GET', '/health/database')).status).toBe(503);
    });
  });

  describe('Kafka unreachable', () => {
    const names = isolatedNames('ingest_kdown');
    let database: ThrowawayDatabase;
    let down: TestApp | undefined;
    let back: TestApp | undefined;
    let pg: Client;
    let kafka: KafkaClient;

    beforeAll(async () => {
      database = await createTestDatabase();
      pg = new Client({ connectionString: database.url });
      await pg.connect();
      kafka = testKafka();
    });
    afterAll(async () => {
      await down?.close();
      await back?.close();
      await pg?.end();
      await kafka?.disconnect();
      await cleanUp(names);
      await database?.drop();
    });

    it('accepts right after the commit, keeps the event in the outbox, and publishes it once Kafka is back', async () => {
      down = await startTestApp({ ...serviceEnv(names, database.url, secrets), KAFKA_BROKERS: '127.0.0.1:1' });
      const delivery = signed(secret, sessionCompletedBody('company-kdown'));
      const started = Date.now();
      const res = await down.request('POST', '/webhooks/ingest', { raw: delivery.raw, headers: delivery.headers });
      expect(res.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(2_000); // the request never waits for Kafka
      const queued = () =>
        pg.query(`SELECT key FROM ingestion.outbox_events WHERE payload->>'eventId' = $1`, [delivery.id]);
      expect((await queued()).rows).toEqual([{ key: 'company-kdown' }]);
      await waitFor(
        async () =>
          /outbox_relay_failures_total\{reason="kafka"\} [1-9]/.test(
            await metricsRegistry.getSingleMetricAsString('outbox_relay_failures_total'),
          ),
        { timeoutMs: 20_000, what: 'a failed relay attempt' },
      );
      expect((await queued()).rowCount).toBe(1);
      // Still ready (it stores what it is sent), and says Kafka is down.
      const health = await down.request('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', checks: { kafka: { status: 'down' } } });
      expect((await down.request('GET', '/health/kafka')).status).toBe(503);
      const statusWhileDown = await down.request('GET', `/webhooks/ingest/${delivery.id}`, {
        headers: signed(secret, '', { id: delivery.id }).headers,
      });
      expect(statusWhileDown.body).toMatchObject({ published: false });
      await down.close();
      down = undefined;

      // Kafka "back": an instance that reaches it drains the outbox.
      back = await startTestApp(serviceEnv(names, database.url, secrets));
      await waitFor(async () => (await queued()).rowCount === 0, { timeoutMs: 20_000, what: 'the outbox to drain' });
      expect(await messageCount(kafka, names.sessionsTopic)).toBe(1);
      const stored = await pg.query('SELECT count(*)::int AS n FROM ingestion.webhook_events');
      expect(stored.rows[0].n).toBe(1);
    });
  });
});
