import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createTokenMinter, freePort, waitFor } from '@perflab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApp, type SpawnedApp } from './testing/notifications-test-app';
import { cleanUp, createTestDatabase, isolatedNames, serviceEnv } from './testing/test-stack';

/**
 * OTEL_ENABLED=true used to kill the service at start (every log line with fields outside a
 * span threw, the fatal line included). With tracing on and no working collector, the real
 * main.ts must start, serve, survive failing exports and stop cleanly within its bound.
 */
describe('notifications with OTEL_ENABLED=true and no working collector', () => {
  const names = isolatedNames('notif_otel');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: SpawnedApp;
  let adminToken: string;
  /** Accepts each export connection and resets it: the exporter gets an error every time. */
  let brokenCollector: Server;
  let exportAttempts = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    const [minter, db, collectorPort] = await Promise.all([createTokenMinter(), createTestDatabase(), freePort()]);
    database = db;
    brokenCollector = createServer((socket) => {
      exportAttempts += 1;
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.resetAndDestroy();
    });
    await new Promise<void>((done) => brokenCollector.listen(collectorPort, '127.0.0.1', done));
    app = await spawnApp({
      ...serviceEnv(names, database.url, minter.publicKeysJson),
      LOG_LEVEL: 'info',
      OTEL_ENABLED: 'true',
      OTEL_SERVICE_NAME: `notifications-otel-test-${process.pid}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    adminToken = await minter.token(randomUUID(), { role: 'ADMIN' });
  }, 90_000);

  afterAll(async () => {
    await app?.kill();
    await new Promise((done) => brokenCollector?.close(done));
    await cleanUp(names);
    await database?.drop();
  });

  it('starts, answers /health and takes writes while every export fails', async () => {
    expect((await app.request('GET', '/health')).status).toBe(200);
    const created = await app.request('POST', '/notifications', {
      token: adminToken,
      body: { userId: randomUUID(), type: 'digest', channel: 'IN_APP', title: 'traced', body: 'with tracing on' },
    });
    expect(created.status).toBe(202);
    await waitFor(() => exportAttempts > 0, { what: 'the exporter to try the collector', timeoutMs: 20_000 });
    // Still serving after its exports failed.
    expect((await app.request('GET', '/health')).status).toBe(200);
    // A line with fields written outside any span: the kind that used to throw.
    const listening = app.service.lines.find((line) => line.msg === 'listening');
    expect(listening).toMatchObject({ level: 'info', port: app.service.port });
    expect(listening).not.toHaveProperty('trace_id');
  });

  it('stops cleanly on SIGTERM, with nothing listening for its last spans', async () => {
    // Now nothing listens at all: the final flush is refused.
    await new Promise((done) => {
      brokenCollector.close(done);
      for (const socket of sockets) socket.destroy();
    });
    expect((await app.request('GET', '/health')).status).toBe(200);
    app.service.child.kill('SIGTERM');
    expect(await app.service.exited).toEqual({ code: 0, signal: null });
    const complete = app.service.lines.find((line) => line.msg === 'shutdown complete');
    expect(complete, app.service.outputTail()).toBeDefined();
    const levels = app.service.lines.map((line) => line.level);
    expect(levels).not.toContain('fatal');
    expect(levels).not.toContain('error');
    expect(app.service.lines.filter((line) => line.unparsed)).toEqual([]);
    expect(app.service.stderr()).toBe('');
  });
});
