import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '@perflab/observability';
import { DescribeRoute, errorBodySchema, openApiDocument, openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import type { ErrorBody } from '../http/error-body';
import { ValidatedBody, ValidatedParams } from '../http/zod-validation.pipe';
import { createServiceApp } from './create-service-app';

// The documented error shape is the one the error filter sends (a compile-time check).
const documentedErrorShape: z.ZodType<ErrorBody> = errorBodySchema;

const widget = z.strictObject({ name: z.string().min(1).max(20) });
const widgetView = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'Widget' });

@Controller('widgets')
class WidgetsController {
  @Post()
  @HttpCode(201)
  @DescribeRoute({ summary: 'Create a widget', bearer: true, responses: { 201: widgetView }, errors: [409] })
  create(@ValidatedBody(widget) body: z.output<typeof widget>) {
    return { id: '00000000-0000-4000-8000-000000000000', ...body };
  }

  @Get(':id')
  @DescribeRoute({ summary: 'One widget', responses: { 200: widgetView }, errors: [404] })
  one(@ValidatedParams(z.strictObject({ id: z.uuid() })) params: { id: string }) {
    return { id: params.id, name: 'w' };
  }

  // Forgotten on purpose: the coverage check must name it.
  @Get(':id/parts')
  parts() {
    return [];
  }
}

@Module({ controllers: [WidgetsController] })
class WidgetsModule {}

describe('OpenAPI from the routes (createServiceApp)', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createServiceApp({
      name: 'widgets',
      module: WidgetsModule,
      logger: createLogger('widgets', { level: 'silent' }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('documents the validated request schemas, responses, errors and security of each route', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const create = document.paths['/widgets']?.post as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
      responses: Record<string, unknown>;
      security: unknown;
    };
    expect(Object.keys(create.requestBody.content['application/json']?.schema.properties ?? {})).toEqual(['name']);
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '409', '413', '415', '500', '503']);
    expect(create.security).toEqual([{ bearer: [] }]);
    const one = document.paths['/widgets/{id}']?.get as { parameters: { name: string; in: string }[] };
    expect(one.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(document.paths['/metrics']?.get).toBeDefined();
  });

  it('is valid OpenAPI 3.1, and the validator does catch an invalid one', () => {
    expect(documentedErrorShape).toBe(errorBodySchema);
    const document = openApiDocument(app);
    expect(document.openapi).toBe('3.1.0');
    expect(openApiProblems(document)).toBeNull();
    expect(openApiProblems({ ...document, info: { title: 'no version' } })).toMatch(/version/);
  });

  it('names every served route the document leaves out', () => {
    expect(undocumentedRoutes(app)).toEqual(['GET /widgets/{id}/parts']);
  });
});
