import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import { createTokenMinter } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/reporting-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

const names = isolatedNames('report_openapi');

describe('reporting OpenAPI document', () => {
  let app: TestApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const minter = await createTokenMinter();
    // The API alone: the document does not depend on the consumer, which would wait for ingestion's topics.
    app = await startTestApp({ ...serviceEnv(names, database.url, minter.publicKeysJson), WORKER_ENABLED: 'false' });
  });

  afterAll(async () => {
    await app?.close();
    await cleanUp(names);
    await database?.drop();
  });

  it('is served at /openapi.json and is valid OpenAPI 3.1, every report behind a bearer token', async () => {
    const response = await fetch(`${app.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    const reports = [
      '/v1/metrics/{companyId}',
      '/v1/metrics/{companyId}/sroi',
      '/v1/metrics/{companyId}/vis',
      '/v1/cohort/{companyId}/all',
    ];
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([...reports, '/health']));
    for (const path of reports) {
      expect(document.paths[path]?.get?.security, path).toEqual([{ bearer: [] }]);
      expect(Object.keys(document.paths[path]?.get?.responses ?? {}), path).toEqual(
        expect.arrayContaining(['200', '400', '401', '403']),
      );
    }
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(app.app)).toEqual([]);
  });
});
