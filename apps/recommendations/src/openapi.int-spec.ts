import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import type { ThrowawayDatabase } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/recommendations-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

describe('recommendations OpenAPI document', () => {
  const names = isolatedNames('reco_openapi');
  let database: ThrowawayDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(serviceEnv(names, database.url));
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(names);
    await database?.drop();
  });

  it('is served at /openapi.json and is valid OpenAPI 3.1, the limit bound from config', async () => {
    const response = await fetch(`${app.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: unknown }[] }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/user-behavior', '/api/recommendations/{userId}', '/health']),
    );
    const limit = document.paths['/api/recommendations/{userId}']?.get?.parameters?.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', schema: { maximum: expect.any(Number) } });
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(app.app)).toEqual([]);
  });
});
