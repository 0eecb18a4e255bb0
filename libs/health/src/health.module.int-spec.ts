import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthCheckResult, HealthIndicator } from './health-indicator';
import { HealthModule } from './health.module';

const POOL = Symbol('POOL');

/** An indicator class another lib would export and provide (here: a pool whose state the test flips). */
@Injectable()
class PoolHealth implements HealthIndicator {
  readonly name = 'database';
  up = true;
  async check(): Promise<HealthCheckResult> {
    return this.up
      ? { status: 'up', pool: { total: 2, idle: 2, waiting: 0, max: 10 } }
      : { status: 'down', error: 'ECONNREFUSED' };
  }
}

@Module({ providers: [PoolHealth, { provide: POOL, useValue: { lag: 3 } }], exports: [PoolHealth, POOL] })
class DependencyModule {}

@Module({
  imports: [
    HealthModule.forRoot({
      imports: [DependencyModule],
      timeoutMs: 200,
      indicators: [
        PoolHealth,
        { name: 'redis', check: async () => ({ status: 'up' }) },
        {
          inject: [POOL],
          useFactory: (pool: { lag: number }) => ({
            name: 'worker',
            check: async () => ({ status: 'up', connected: true, lag: pool.lag }),
          }),
        },
      ],
    }),
    DependencyModule,
  ],
})
class AppModule {}

describe('HealthModule over real HTTP', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports every registered indicator, whichever way it was registered', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'up', pool: { total: 2, idle: 2, waiting: 0, max: 10 }, latencyMs: expect.any(Number) },
        redis: { status: 'up', latencyMs: expect.any(Number) },
        worker: { status: 'up', connected: true, lag: 3 },
      },
    });
  });

  it('answers 503 with status error while one dependency is down; liveness stays 200', async () => {
    app.get(PoolHealth).up = false;
    try {
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'error',
        checks: { database: { status: 'down' }, redis: { status: 'up' } },
      });
      const one = await fetch(`${url}/health/database`);
      expect(one.status).toBe(503);
      expect((await fetch(`${url}/health/worker`)).status).toBe(200);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    } finally {
      app.get(PoolHealth).up = true;
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
