import type { KafkaClient } from '@perflab/messaging';
import { waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/ingestion-test-app';
import {
  cleanUp,
  createTestDatabase,
  feedbackReceivedBody,
  isolatedNames,
  messageCount,
  newSecret,
  serviceEnv,
  sessionCompletedBody,
  signed,
  testKafka,
} from '../testing/test-stack';

/**
 * Concurrent webhooks with request batching (INGEST_BATCH_MAX, on by default: they share
 * statements) and without it (one statement each): the promises hold either way — stored once,
 * published once, the same answer to every redelivery, another body under a stored id refused.
 */
describe.each([
  { mode: 'batched', batchMax: '50' },
  { mode: 'one statement per webhook', batchMax: '0' },
])('POST /webhooks/ingest, $mode', ({ batchMax }) => {
  const names = isolatedNames(`ingest_batch${batchMax}`);
  const secret = newSecret();
  let database: ThrowawayDatabase;
  let app: TestApp;
  let pg: Client;
  let kafka: KafkaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({ ...serviceEnv(names, database.url, `lms=${secret}`), INGEST_BATCH_MAX: batchMax });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    kafka = testKafka();
  });
  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await kafka?.disconnect();
    await cleanUp(names);
    await database?.drop();
  });

  const post = (delivery: ReturnType<typeof signed>) =>
    app.request('POST', '/webhooks/ingest', { raw: delivery.raw, headers: delivery.headers });

  it('stores 30 webhooks sent three times each, all at once, once each and publishes each once', async () => {
    const deliveries = Array.from({ length: 30 }, (_, i) => signed(secret, sessionCompletedBody(`company-${i % 4}`)));
    const answers = await Promise.all([...deliveries, ...deliveries, ...deliveries].map(post));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    for (let i = 0; i < 30; i++) {
      expect(answers[i + 30].text).toBe(answers[i].text);
      expect(answers[i + 60].text).toBe(answers[i].text);
      expect(answers[i].body.id).toBe(deliveries[i].id);
    }
    const rows = await pg.query('SELECT count(*)::int AS n FROM ingestion.webhook_events');
    expect(rows.rows[0].n).toBe(30);
    await waitFor(
      async () => (await pg.query('SELECT count(*)::int AS n FROM ingestion.outbox_events')).rows[0].n === 0,
      { timeoutMs: 20_000, what: 'the outbox to drain' },
    );
    expect(await messageCount(kafka, names.sessionsTopic)).toBe(30);
  });

  it('refuses another body under an id of the same batch or a stored one, keeping the first', async () => {
    const first = signed(secret, feedbackReceivedBody('company-reuse', { score: 2 }));
    const other = signed(secret, feedbackReceivedBody('company-reuse', { score: 8 }), { id: first.id });
    const answers = await Promise.all([post(first), post(other)]);
    // Whichever arrived first is stored; the other is refused, then and later.
    expect(answers.map((a) => a.status).sort()).toEqual([202, 422]);
    const [winner, loser] = answers[0].status === 202 ? [first, other] : [other, first];
    expect(answers.find((a) => a.status === 422)?.body).toMatchObject({ code: 'WEBHOOK_ID_REUSED' });
    expect((await post(loser)).status).toBe(422);
    expect((await post(winner)).status).toBe(202);
    const row = await pg.query(`SELECT payload_hash FROM ingestion.webhook_events WHERE webhook_id = $1`, [first.id]);
    expect(row.rowCount).toBe(1);
  });
});
