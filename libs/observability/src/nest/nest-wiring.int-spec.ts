import 'reflect-metadata';
import { Controller, Get, Inject, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastifyLoggingOptions } from '../logging/fastify-logging';
import { memoryDestination } from '../logging/fixtures/memory-destination';
import { createLogger } from '../logging/logger';
import { registerRequestId } from '../logging/request-id';
import { sum } from '../metrics/fixtures/prom-text';
import { registerHttpMetrics } from '../metrics/http-metrics';
import { metricsRoute } from '../metrics/metrics-route';
import { LOGGER, ObservabilityModule } from './observability.module';
import { PinoNestLogger } from './pino-nest-logger';

@Controller('users')
class UsersController {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    this.log.info({ userId: id }, 'user read');
    return { id };
  }
}

const out = memoryDestination();
const logger = createLogger('nest-wiring', { level: 'info', destination: out });

@Module({ imports: [ObservabilityModule.forRoot(logger)], controllers: [UsersController] })
class AppModule {}

let app: NestFastifyApplication;
let base: string;

beforeAll(async () => {
  // The wiring the runtime lib does, on a real Nest app with the Fastify adapter.
  app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(fastifyLoggingOptions(logger)), {
    logger: new PinoNestLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerHttpMetrics(fastify);
  registerRequestId(fastify);
  metricsRoute(fastify);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

describe('Nest with the Fastify adapter', () => {
  it('measures Nest routes by template, echoes the request id and logs JSON through the injected logger', async () => {
    const response = await fetch(`${base}/users/42`, { headers: { 'x-request-id': 'nest-1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('nest-1');
    expect((await fetch(`${base}/users/42/nope`)).status).toBe(404);

    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sum(text, 'http_requests_total', { method: 'GET', route: '/users/:id', status_code: '200' })).toBe(1);
    expect(sum(text, 'http_requests_total', { route: 'unmatched', status_code: '404' })).toBe(1);
    expect(sum(text, 'http_requests_total', { route: '/metrics' })).toBe(0);

    expect(out.lines.find((l) => l.msg === 'user read')).toMatchObject({ service: 'nest-wiring', userId: '42' });
    expect(out.lines.find((l) => l.context === 'NestApplication')).toMatchObject({
      level: 'info',
      msg: 'Nest application successfully started',
    });
  });
});
