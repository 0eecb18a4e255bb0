import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerMethodNotAllowed } from './method-not-allowed';

describe('answerMethodNotAllowed', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    answerMethodNotAllowed(fastify);
    fastify.get('/items/:id', () => ({ ok: true }));
    fastify.patch('/items/:id', () => ({ ok: true }));
    fastify.post('/items', () => ({ ok: true }));
    fastify.post('/items/batch', () => ({ ok: true }));
    fastify.setNotFoundHandler((_request, reply) => reply.status(404).send({ status: 404, code: 'NOT_FOUND' }));
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it('answers 405 with Allow and the one error shape for a known path and another method', async () => {
    const response = await fastify.inject({ method: 'DELETE', url: '/items/42?x=1' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, OPTIONS');
    expect(response.json()).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE is not allowed here; allowed: GET, HEAD, PATCH, OPTIONS',
      requestId: expect.any(String),
    });
  });

  it('answers 405 before the body is read: QUERY without a Content-Type, a wrong method with a malformed body', async () => {
    const query = await fastify.inject({ method: 'QUERY' as 'GET', url: '/items' });
    expect(query.statusCode).toBe(405);
    const malformed = await fastify.inject({
      method: 'PUT',
      url: '/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"not json',
    });
    expect(malformed.statusCode).toBe(405);
    expect(malformed.headers.allow).toBe('POST, OPTIONS');
  });

  it('lists only the methods of the path asked about', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/items' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST, OPTIONS');
  });

  it('names the resource the path is, not a parameter route it also fits', async () => {
    const response = await fastify.inject({ method: 'OPTIONS', url: '/items/batch' });
    expect(response.statusCode).toBe(204);
    expect(response.headers.allow).toBe('POST, OPTIONS');
  });

  it('answers 405 for a fixed path that only a parameter route of another method fits', async () => {
    for (const method of ['GET', 'PATCH'] as const) {
      const response = await fastify.inject({ method, url: '/items/batch' });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('POST, OPTIONS');
    }
    expect((await fastify.inject({ method: 'GET', url: '/items/batch2' })).statusCode).toBe(200);
  });

  it('answers HEAD on a POST-only path with 405 and no body', async () => {
    const response = await fastify.inject({ method: 'HEAD', url: '/items' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST, OPTIONS');
    expect(response.body).toBe('');
  });

  it('keeps HEAD on a GET route working', async () => {
    const response = await fastify.inject({ method: 'HEAD', url: '/items/7' });
    expect(response.statusCode).toBe(200);
  });

  it('answers OPTIONS on a known path with 204 and Allow', async () => {
    const response = await fastify.inject({ method: 'OPTIONS', url: '/items/7' });
    expect(response.statusCode).toBe(204);
    expect(response.headers.allow).toBe('GET, HEAD, PATCH, OPTIONS');
    expect(response.body).toBe('');
  });

  it('leaves an unknown path to the not-found handler, whatever the method', async () => {
    for (const method of ['GET', 'DELETE', 'OPTIONS'] as const) {
      const response = await fastify.inject({ method, url: '/nothing/here' });
      expect(response.statusCode).toBe(404);
      expect(response.headers.allow).toBeUndefined();
    }
  });

  it('answers 405 to a method with a JSON body', async () => {
    const response = await fastify.inject({
      method: 'PUT',
      url: '/items/7',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":1}',
    });
    expect(response.statusCode).toBe(405);
  });

  it('leaves methods with a route alone', async () => {
    const response = await fastify.inject({ method: 'PATCH', url: '/items/7' });
    expect(response.statusCode).toBe(200);
  });
});
