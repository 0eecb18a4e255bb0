import { createKafka, declareTopics } from '@perflab/messaging';
import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import { createTokenMinter, testEnv } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRegisteredEventOn } from './shared/notification.events';
import { startTestApp, type TestApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('notif_openapi');

describe('notifications OpenAPI document', () => {
  let app: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    const kafka = createKafka({ brokers: testEnv.kafkaBrokers, clientId: 'notif-openapi-test', logLevel: 'nothing' });
    // auth declares user.registered in a real deployment; this test stands in for it.
    await declareTopics(kafka, [userRegisteredEventOn(names.userRegisteredTopic)]);
    await kafka.disconnect();
    app = await startTestApp(serviceEnv(names, database.url, minter.publicKeysJson));
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(names);
    await database?.drop();
  });

  it('is served at /openapi.json and is valid OpenAPI 3.1, with the batch bound from config', async () => {
    const response = await fetch(`${app.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/notifications',
        '/notifications/batch',
        '/notifications/{id}',
        '/notifications/{id}/read',
        '/users/{userId}/notifications/unread-count',
        '/health',
      ]),
    );
    const batch = document.paths['/notifications/batch']?.post?.requestBody?.content['application/json']?.schema;
    expect(batch).toMatchObject({ properties: { notifications: { maxItems: expect.any(Number) } } });
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(app.app)).toEqual([]);
  });
});
