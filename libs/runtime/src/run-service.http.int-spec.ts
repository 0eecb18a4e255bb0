import { resolve } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type SpawnedService } from '@perflab/testing';
import type { ErrorBody } from './http/error-body';

const FIXTURE = resolve(__dirname, 'testing/fixture/main.ts');

/**
 * The fixture service run as one process (WORKERS=1, no cluster), answering real
 * HTTP: every bad input gets its status, code and field in one JSON shape.
 */
describe('runService HTTP behaviour (WORKERS=1)', () => {
  let service: SpawnedService;
  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  async function errorOf(response: Response): Promise<ErrorBody> {
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as ErrorBody;
    expect(body.status).toBe(response.status);
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    return body;
  }

  beforeAll(async () => {
    service = await spawnService(FIXTURE, { WORKERS: '1' });
    await service.waitForLine((line) => line.msg === 'listening', 30_000);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('accepts a valid body', async () => {
    const response = await post('/fixture/people', JSON.stringify({ name: 'Ada', age: 36 }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'Ada', age: 36 });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const body = await errorOf(await post('/fixture/people', '{"name": "Ada",'));
    expect(body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('answers a body that is not UTF-8 with 400 MALFORMED_JSON saying so', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","age":1}')]);
    const response = await fetch(`${service.url}/fixture/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    const body = await errorOf(response);
    expect(body).toMatchObject({ status: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid UTF-8' });
  });

  it('names an extra field', async () => {
    const body = await errorOf(await post('/fixture/people', JSON.stringify({ name: 'Ada', age: 36, admin: true })));
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'admin' });
  });

  it('names a missing field, and lists every failing one', async () => {
    const body = await errorOf(await post('/fixture/people', JSON.stringify({ age: 'old' })));
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'name' });
    expect(body.details).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'age', message: expect.stringMatching(/expected number/) },
    ]);
  });

  it('names a field of the wrong type, nested ones by their path', async () => {
    const body = await errorOf(
      await post('/fixture/people', JSON.stringify({ name: 'Ada', age: 36, address: { city: 42 } })),
    );
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'address.city' });
  });

  it('refuses text no store can keep (NUL, a lone surrogate), naming the field', async () => {
    const nul = await errorOf(await post('/fixture/people', JSON.stringify({ name: 'A\u0000da', age: 36 })));
    expect(nul).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'name' });
    // JSON.stringify escapes a lone surrogate as \ud800, exactly as a hostile client would send it.
    const surrogate = await errorOf(
      await post('/fixture/people', JSON.stringify({ name: 'Ada', age: 36, address: { city: '\ud800' } })),
    );
    expect(surrogate).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'address.city' });
  });

  it('refuses a body nested deeper than the limit with 400 naming the field, before anything recurses', async () => {
    // 150 levels fit the fixture's 1 KiB body limit; the unit spec walks 20,000.
    const deep = `{"name":"Ada","age":1,"address":${'{"a":'.repeat(150)}{}${'}'.repeat(150)}}`;
    const body = await errorOf(await post('/fixture/people', deep));
    expect(body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/too deeply/),
    });
    expect(body.field).toMatch(/^address(\.a)+$/);
  });

  it('answers a body over the limit with 413', async () => {
    const body = await errorOf(await post('/fixture/people', JSON.stringify({ name: 'x'.repeat(2_000), age: 1 })));
    expect(body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a badly percent-encoded URL with 400 in the one shape', async () => {
    const body = await errorOf(await fetch(`${service.url}/health/%zz`));
    expect(body).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/percent-encoded/) });
  });

  it('answers a path parameter over the router limit with 414 in the one shape', async () => {
    const body = await errorOf(await fetch(`${service.url}/health/${'n'.repeat(500)}`));
    expect(body).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
  });

  it('answers headers (or a URL) too large for Node with 431 in the one shape', async () => {
    const body = await errorOf(await fetch(`${service.url}/fixture/pid?q=${'x'.repeat(20_000)}`));
    expect(body).toMatchObject({ status: 431, code: 'REQUEST_HEADER_FIELDS_TOO_LARGE' });
    const headers = await errorOf(
      await fetch(`${service.url}/fixture/pid`, { headers: { 'x-big': 'y'.repeat(20_000) } }),
    );
    expect(headers).toMatchObject({ status: 431 });
  });

  it('answers an unsupported content type with 415', async () => {
    const body = await errorOf(await post('/fixture/people', '<person/>', 'application/xml'));
    expect(body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers an unknown route with 404 in the same shape, echoing the caller request id', async () => {
    const response = await fetch(`${service.url}/no/such/route`, { headers: { 'x-request-id': 'trace-me-42' } });
    const body = await errorOf(response);
    expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: 'trace-me-42' });
  });

  it('answers a retryable dependency error with 503 and Retry-After', async () => {
    const response = await fetch(`${service.url}/fixture/retryable`);
    const body = await errorOf(response);
    expect(body).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers an unexpected error with 500 INTERNAL, no internals, and logs it with the request id', async () => {
    const response = await fetch(`${service.url}/fixture/crash`);
    const body = await errorOf(response);
    expect(body).toEqual({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal server error',
      requestId: body.requestId,
    });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|stack|fixture\.controller/);
    const logged = await service.waitForLine((line) => line.requestId === body.requestId && line.level === 'error');
    expect(logged).toMatchObject({ status: 500, err: { message: 'secret internals: password=hunter2' } });
    expect(String((logged.err as { stack?: string }).stack)).toContain('fixture.controller');
  });

  it('keeps serving after all of the above', async () => {
    expect((await fetch(`${service.url}/fixture/pid`)).status).toBe(200);
  });

  it('serves Prometheus metrics for the requests it answered', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/fixture\/people",status_code="400"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  describe('health', () => {
    it('is live', async () => {
      const response = await fetch(`${service.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });

    it('is ready with every check up, and shows one check on its own path', async () => {
      const response = await fetch(`${service.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        checks: {
          database: { status: 'up', pool: { total: 1, idle: 1, waiting: 0, max: 10 } },
          redis: { status: 'up' },
          worker: { status: 'up', connected: true },
        },
      });
      const database = await fetch(`${service.url}/health/database`);
      expect(database.status).toBe(200);
      expect(Object.keys(((await database.json()) as { checks: object }).checks)).toEqual(['database']);
    });

    it('answers 503 while a dependency is down, and 200 again once it is back', async () => {
      await fetch(`${service.url}/fixture/dependency/down`, { method: 'POST' });
      for (const path of ['/health', '/health/ready', '/health/database']) {
        const response = await fetch(`${service.url}${path}`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          status: 'error',
          checks: { database: { status: 'down', error: 'connection refused' } },
        });
      }
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);

      await fetch(`${service.url}/fixture/dependency/up`, { method: 'POST' });
      expect((await fetch(`${service.url}/health`)).status).toBe(200);
    });

    it('answers 404 for a check that does not exist', async () => {
      const body = await errorOf(await fetch(`${service.url}/health/nope`));
      expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });
  });

  it('shuts down on SIGTERM with exit code 0 (single process)', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.some((line) => line.msg === 'shutdown complete')).toBe(true);
    expect(service.stderr()).toBe('');
  });
});

describe('runService HTTP timeouts', () => {
  let service: SpawnedService;

  beforeAll(async () => {
    service = await spawnService(FIXTURE, { WORKERS: '1', HTTP_CONNECTION_TIMEOUT_MS: '1000' });
    await service.waitForLine((line) => line.msg === 'listening', 30_000);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('closes the connection of a body that never completes', async () => {
    const { hostname, port } = new URL(service.url);
    const socket = connect(Number(port), hostname);
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    // Promises 100 bytes, sends 10, then stalls.
    socket.write(
      'POST /fixture/people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":"A',
    );
    expect((await closed) - started).toBeLessThan(5_000);
  });
});
