import { Controller, Get, Module, Param, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@perflab/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from './create-service-app';

@Controller('items')
class ItemsController {
  @Post('batch')
  batch() {
    return { batch: true };
  }

  @Get(':id')
  item(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

/** The 405 through Nest: its own not-found handler carries the check, parameter routes their hook. */
describe('createServiceApp: a known path with a method it has no route for', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp({
      name: 'items',
      module: ItemsModule,
      logger: createLogger('items', { level: 'silent' }),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());

  it('answers 405 with Allow for a method no route of the path has', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/items/7' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(response.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers 405 for a fixed path a parameter route of another method fits', async () => {
    const response = await app.inject({ method: 'GET', url: '/items/batch' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST, OPTIONS');
  });

  it('serves the parameter route and the fixed route as before, and 404s an unknown path', async () => {
    expect((await app.inject({ method: 'GET', url: '/items/7' })).json()).toEqual({ id: '7' });
    expect((await app.inject({ method: 'POST', url: '/items/batch' })).json()).toEqual({ batch: true });
    const unknown = await app.inject({ method: 'GET', url: '/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
