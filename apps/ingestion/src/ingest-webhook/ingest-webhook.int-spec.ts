import { randomUUID } from 'node:crypto';
import { feedbackReceived } from '@perflab/contracts';
import type { KafkaClient } from '@perflab/messaging';
import { testEnv, waitFor, type ThrowawayDatabase } from '@perflab/testing';
import { Kafka, logLevel } from 'kafkajs';
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
 * POST /webhooks/ingest against the real Postgres and Kafka: what is signed right is stored
 * once and published once, whatever the redeliveries; what is not is refused, naming why,
 * and never stored.
 */
describe('POST /webhooks/ingest', () => {
  const names = isolatedNames('ingest_api');
  const crmOld = newSecret();
  const crmNew = newSecret();
  const lms = newSecret();
  let database: ThrowawayDatabase;
  let app: TestApp;
  let pg: Client;
  let kafka: KafkaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    // crm is mid-rotation (two secrets); lms has one.
    app = await startTestApp(serviceEnv(names, database.url, `crm=${crmOld} ${crmNew},lms=${lms}`));
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

  const post = (delivery: ReturnType<typeof signed>, headers: Record<string, string> = delivery.headers) =>
    app.request('POST', '/webhooks/ingest', { raw: delivery.raw, headers });
  const storedRows = async (webhookId: string) =>
    (await pg.query('SELECT source, type, company_id FROM ingestion.webhook_events WHERE webhook_id = $1', [webhookId]))
      .rows;
  const outboxEmpty = async () =>
    (await pg.query('SELECT count(*)::int AS n FROM ingestion.outbox_events')).rows[0].n === 0;

  it('stores a webhook sent three times once, answers each the same 202, and publishes it once', async () => {
    const companyId = `company-${randomUUID()}`;
    const delivery = signed(lms, sessionCompletedBody(companyId));
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(delivery));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers[0].body).toEqual({
      id: delivery.id,
      source: 'lms',
      type: 'session.completed',
      status: 'accepted',
      receivedAt: expect.any(String),
    });
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(await storedRows(delivery.id)).toEqual([
      { source: 'lms', type: 'session.completed', company_id: companyId },
    ]);

    await waitFor(outboxEmpty, { timeoutMs: 20_000, what: 'the outbox to drain' });
    expect(await messageCount(kafka, names.sessionsTopic)).toBe(1);
    const status = await app.request('GET', `/webhooks/ingest/${delivery.id}`, {
      headers: signed(lms, '', { id: delivery.id }).headers,
    });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id: delivery.id, source: 'lms', published: true });
  });

  it('stores concurrent redeliveries of one id once', async () => {
    const delivery = signed(lms, feedbackReceivedBody(`company-${randomUUID()}`));
    const answers = await Promise.all([post(delivery), post(delivery), post(delivery)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await storedRows(delivery.id)).toHaveLength(1);
  });

  it('publishes the contract: keyed by company, the body plus the webhook id, source and acceptance time', async () => {
    const companyId = `company-${randomUUID()}`;
    const delivery = signed(crmNew, feedbackReceivedBody(companyId, { score: 7 }));
    const accepted = await post(delivery);
    expect(accepted.status).toBe(202);
    const received = await firstMessage(names.feedbackTopic, companyId);
    const decoded = feedbackReceived.decode(received.key, received.value);
    expect(decoded).toMatchObject({
      ok: true,
      key: companyId,
      value: {
        eventId: delivery.id,
        source: 'crm',
        companyId,
        score: 7,
        receivedAt: accepted.body.receivedAt,
      },
    });
  });

  it('accepts both secrets of a source during a rotation, as that source', async () => {
    for (const secret of [crmOld, crmNew]) {
      const delivery = signed(secret, sessionCompletedBody('company-rotation'));
      const res = await post(delivery);
      expect(res.status).toBe(202);
      expect(res.body.source).toBe('crm');
    }
    // Both at once, as a sender rotating its key sends them.
    const body = sessionCompletedBody('company-rotation');
    const one = signed(crmOld, body);
    const other = signed(newSecret(), body, { id: one.id, at: Number(one.headers['webhook-timestamp']) * 1000 });
    const both = `${other.headers['webhook-signature']} ${one.headers['webhook-signature']}`;
    expect((await post(one, { ...one.headers, 'webhook-signature': both })).status).toBe(202);
  });

  it('refuses a wrong signature, a stale or future timestamp, a tampered body and each missing header, storing none', async () => {
    const body = sessionCompletedBody('company-refused');
    const wrongKey = signed(newSecret(), body);
    const stale = signed(lms, body, { at: Date.now() - 6 * 60_000 });
    const future = signed(lms, body, { at: Date.now() + 6 * 60_000 });
    const tampered = signed(lms, body);
    const tamperedRaw = tampered.raw.replace('"durationMinutes":90', '"durationMinutes":900');
    const cases: [string, Promise<Awaited<ReturnType<typeof post>>>, number, string, string][] = [
      ['wrong key', post(wrongKey), 401, 'WEBHOOK_SIGNATURE_INVALID', 'webhook-signature'],
      ['stale', post(stale), 401, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE', 'webhook-timestamp'],
      ['future', post(future), 401, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE', 'webhook-timestamp'],
      [
        'tampered',
        app.request('POST', '/webhooks/ingest', { raw: tamperedRaw, headers: tampered.headers }),
        401,
        'WEBHOOK_SIGNATURE_INVALID',
        'webhook-signature',
      ],
    ];
    for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const delivery = signed(lms, body);
      const { [header]: _dropped, ...rest } = delivery.headers;
      cases.push([`no ${header}`, post(delivery, rest), 401, 'WEBHOOK_HEADER_MISSING', header]);
    }
    for (const [what, reply, status, code, field] of cases) {
      const res = await reply;
      expect({ what, status: res.status, code: res.body.code, field: res.body.field }).toEqual({
        what,
        status,
        code,
        field,
      });
    }
    const stored = await pg.query(
      `SELECT count(*)::int AS n FROM ingestion.webhook_events WHERE company_id = 'company-refused'`,
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('answers bad bodies with 4xx naming the field, never 5xx, and stores none', async () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [{ ...sessionCompletedBody('c'), type: 'session.started' }, 400, 'VALIDATION_FAILED', 'type'],
      [sessionCompletedBody('c', { companyId: undefined }), 400, 'VALIDATION_FAILED', 'data.companyId'],
      [feedbackReceivedBody('c', { score: 11 }), 400, 'VALIDATION_FAILED', 'data.score'],
      [
        sessionCompletedBody('c', { completedAt: '2020-01-01T00:00:00Z' }),
        400,
        'VALIDATION_FAILED',
        'data.completedAt',
      ],
      [{ ...feedbackReceivedBody('c'), extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
      ['{"type":', 400, 'MALFORMED_JSON', undefined],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await post(signed(lms, body));
      expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
    }
    const textPlain = signed(lms, feedbackReceivedBody('c'));
    const asText = await fetch(`${app.url}/webhooks/ingest`, {
      method: 'POST',
      headers: { ...textPlain.headers, 'content-type': 'text/plain' },
      body: textPlain.raw,
    });
    expect(asText.status).toBe(415);
    expect(await asText.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    const oversize = signed(lms, feedbackReceivedBody('c', { comment: 'x'.repeat(70_000) }));
    const tooLarge = await post(oversize);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses another body under a webhook-id already stored (422), keeping the first', async () => {
    const first = signed(lms, feedbackReceivedBody('company-reuse', { score: 3 }));
    expect((await post(first)).status).toBe(202);
    const second = signed(lms, feedbackReceivedBody('company-reuse', { score: 10 }), { id: first.id });
    const res = await post(second);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_ID_REUSED', field: 'webhook-id' });
    const row = await pg.query(
      `SELECT payload->'data'->>'score' AS score FROM ingestion.webhook_events WHERE webhook_id = $1`,
      [first.id],
    );
    expect(row.rows).toEqual([{ score: '3' }]);
  });

  it('keeps ids of different sources apart', async () => {
    const id = `msg_${randomUUID()}`;
    expect((await post(signed(lms, sessionCompletedBody('c1'), { id }))).status).toBe(202);
    expect((await post(signed(crmOld, sessionCompletedBody('c2'), { id }))).status).toBe(202);
    expect((await storedRows(id)).map((r) => r.source).sort()).toEqual(['crm', 'lms']);
  });

  /** The first message on a topic whose key is `key` (a consumer of its own, from the beginning). */
  async function firstMessage(topic: string, key: string): Promise<{ key: Buffer | null; value: Buffer | null }> {
    const native = new Kafka({
      clientId: 'ingestion-test-reader',
      brokers: testEnv.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = native.consumer({ groupId: `ingestion-test-${randomUUID()}` });
    let found: { key: Buffer | null; value: Buffer | null } | undefined;
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === key) found ??= { key: message.key, value: message.value };
        },
      });
      await waitFor(() => found !== undefined, { timeoutMs: 30_000, what: `a message keyed ${key} on ${topic}` });
      return found!;
    } finally {
      await consumer.disconnect();
    }
  }
});
