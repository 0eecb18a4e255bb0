import fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sum } from './fixtures/prom-text';
import { registerHttpMetrics } from './http-metrics';
import { metricsRoute } from './metrics-route';

let app: FastifyInstance;
let base: string;

async function scrape(): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

beforeAll(async () => {
  app = fastify();
  // Routes declared before the hook too: the hook must still cover them.
  app.get('/early', async () => 'early');
  registerHttpMetrics(app);
  metricsRoute(app);
  app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/users', async (_request, reply) => reply.code(201).send({ ok: true }));
  app.get('/fail', async (_request, reply) => reply.code(503).send({ error: 'down' }));
  app.get('/bad', async (_request, reply) => reply.code(400).send({ error: 'bad' }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    return 'slow';
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

describe('registerHttpMetrics over real HTTP', () => {
  it('counts requests by method, route template and status, never by raw URL', async () => {
    for (const id of ['1', '2', '3']) expect((await fetch(`${base}/users/${id}`)).status).toBe(200);
    expect((await fetch(`${base}/users`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${base}/early`)).status).toBe(200);

    const text = await scrape();
    expect(sum(text, 'http_requests_total', { method: 'GET', route: '/users/:id', status_code: '200' })).toBe(3);
    expect(sum(text, 'http_requests_total', { method: 'POST', route: '/users', status_code: '201' })).toBe(1);
    expect(sum(text, 'http_requests_total', { method: 'GET', route: '/early', status_code: '200' })).toBe(1);
    expect(text).not.toMatch(/route="\/users\/1"/);
    expect(sum(text, 'http_request_duration_seconds_count', { route: '/users/:id', status_code: '200' })).toBe(3);
    expect(sum(text, 'http_request_errors_total', { route: '/users/:id' })).toBe(0);
  });

  it('counts 4xx and 5xx responses, thrown errors included, as errors labelled by status', async () => {
    expect((await fetch(`${base}/fail`)).status).toBe(503);
    expect((await fetch(`${base}/bad`)).status).toBe(400);
    expect((await fetch(`${base}/boom`)).status).toBe(500);

    const text = await scrape();
    expect(sum(text, 'http_request_errors_total', { route: '/fail', status_code: '503' })).toBe(1);
    expect(sum(text, 'http_request_errors_total', { route: '/bad', status_code: '400' })).toBe(1);
    expect(sum(text, 'http_request_errors_total', { route: '/boom', status_code: '500' })).toBe(1);
    expect(sum(text, 'http_requests_total', { route: '/boom', status_code: '500' })).toBe(1);
  });

  it('labels unknown URLs with one fixed route value', async () => {
    for (const path of ['/nope', '/wp-admin/x.php', '/users/1/extra']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
    const text = await scrape();
    expect(sum(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(3);
    expect(sum(text, 'http_request_errors_total', { route: 'unmatched', status_code: '404' })).toBe(3);
    expect(text).not.toContain('wp-admin');
  });

  it('does not measure /metrics or /health*', async () => {
    await scrape();
    await fetch(`${base}/health`);
    await fetch(`${base}/health/ready`);
    const text = await scrape();
    expect(sum(text, 'http_requests_total', { route: '/metrics' })).toBe(0);
    expect(sum(text, 'http_requests_total', { route: '/health' })).toBe(0);
    expect(sum(text, 'http_requests_total', { route: '/health/ready' })).toBe(0);
  });

  it('records durations in seconds into the latency buckets', async () => {
    expect((await fetch(`${base}/slow`)).status).toBe(200);
    const text = await scrape();
    const where = { route: '/slow', method: 'GET', status_code: '200' };
    expect(sum(text, 'http_request_duration_seconds_count', where)).toBe(1);
    const seconds = sum(text, 'http_request_duration_seconds_sum', where);
    expect(seconds).toBeGreaterThanOrEqual(0.05);
    expect(seconds).toBeLessThan(5);
    expect(sum(text, 'http_request_duration_seconds_bucket', { ...where, le: '0.05' })).toBe(0);
    expect(sum(text, 'http_request_duration_seconds_bucket', { ...where, le: '+Inf' })).toBe(1);
  });

  it('serves the Node process metrics on the same scrape', async () => {
    const text = await scrape();
    for (const name of ['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toMatch(new RegExp(`^${name} `, 'm'));
    }
  });
});
