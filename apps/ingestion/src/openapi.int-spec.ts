import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import type { ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/ingestion-test-app';
import { cleanUp, createTestDatabase, isolatedNames, newSecret, serviceEnv } from './testing/test-stack';

describe('ingestion OpenAPI document', () => {
  const names = isolatedNames('ingest_openapi');
  let database: ThrowawayDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(serviceEnv(names, database.url, `crm=${newSecret()}`));
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(names);
    await database?.drop();
  });

  it('is served at /openapi.json and is valid OpenAPI 3.1, the signature headers included', async () => {
    const response = await fetch(`${app.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const ingest = document.paths['/webhooks/ingest']?.post;
    expect(ingest?.parameters?.filter((p) => p.in === 'header').map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(document.paths['/webhooks/ingest/{webhookId}']?.get).toBeDefined();
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(app.app)).toEqual([]);
  });
});
