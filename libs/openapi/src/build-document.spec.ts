import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDocument, errorStatusesFor } from './build-document';
import { toOpenApiPath, type DiscoveredRoute } from './discover-routes';

const route = (overrides: Partial<DiscoveredRoute>): DiscoveredRoute => ({
  method: 'get',
  path: '/things',
  name: 'Things.list',
  request: {},
  doc: { summary: 'Things', responses: { 200: z.object({ n: z.number() }) } },
  ...overrides,
});

describe('the OpenAPI document of the routes', () => {
  it('turns Nest paths into OpenAPI templates', () => {
    expect(toOpenApiPath('users', ':id/read')).toBe('/users/{id}/read');
    expect(toOpenApiPath('', '/health/')).toBe('/health');
    expect(toOpenApiPath('.well-known', 'jwks.json')).toBe('/.well-known/jwks.json');
    expect(toOpenApiPath('', '')).toBe('/');
  });

  it('lists the statuses any route may answer, plus the route own, body and token ones', () => {
    expect(errorStatusesFor(route({}))).toEqual([400, 500, 503]);
    const create = route({
      method: 'post',
      request: { body: z.object({}) },
      doc: { summary: 'Create', bearer: true, responses: { 201: null }, errors: [409] },
    });
    expect(errorStatusesFor(create)).toEqual([400, 401, 409, 413, 415, 500, 503]);
    expect(errorStatusesFor(route({ path: '/things/{id}' }))).toEqual([400, 414, 500, 503]);
  });

  it('documents a path parameter nothing validates as a string, and leaves undocumented routes out', () => {
    const document = buildDocument(
      [route({ path: '/health/{name}', name: 'Health.one' }), route({ path: '/secret', doc: undefined })],
      { title: 't', version: '1' },
    );
    expect(Object.keys(document.paths ?? {})).toEqual(['/health/{name}']);
    const operation = document.paths?.['/health/{name}']?.get as { parameters: unknown[]; responses: object };
    expect(operation.parameters).toEqual([
      expect.objectContaining({ in: 'path', name: 'name', required: true, schema: { type: 'string' } }),
    ]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '414', '500', '503']);
  });

  it('answers a body-less success with no content, and a text one with its media type', () => {
    const document = buildDocument(
      [
        route({ method: 'post', path: '/logout', doc: { summary: 'Out', responses: { 204: null } } }),
        route({ path: '/metrics', doc: { summary: 'M', responses: { 200: z.string() }, produces: 'text/plain' } }),
      ],
      { title: 't', version: '1' },
    );
    const logout = document.paths?.['/logout']?.post?.responses?.['204'] as { content?: unknown };
    expect(logout.content).toBeUndefined();
    const metrics = document.paths?.['/metrics']?.get?.responses?.['200'] as { content: object };
    expect(Object.keys(metrics.content)).toEqual(['text/plain']);
  });
});
