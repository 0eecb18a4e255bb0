import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import type { DiscoveredRoute } from './discover-routes';
import { errorBodySchema } from './error-body.schema';

export type OpenApiDocument = ReturnType<typeof createDocument>;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * What any route may answer besides its own statuses: 400 (bad URL encoding, bad input),
 * 500 (a bug), 503 (a dependency down); with a body also 413 (too large) and 415 (not JSON);
 * with a token 401; with a path parameter 414 (longer, as sent, than the router takes).
 */
export function errorStatusesFor(route: DiscoveredRoute): number[] {
  const statuses = new Set([400, 500, 503, ...(route.doc?.errors ?? [])]);
  if (route.request.body) [413, 415].forEach((s) => statuses.add(s));
  if (route.doc?.bearer) statuses.add(401);
  if (route.path.includes('{')) statuses.add(414);
  return [...statuses].sort((a, b) => a - b);
}

function pathParams(route: DiscoveredRoute): z.ZodObject | undefined {
  const declared = route.request.params;
  if (declared) return declared as z.ZodObject;
  // A path parameter nothing validates is still a parameter: document it as a string.
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  return names.length ? z.object(Object.fromEntries(names.map((name) => [name, z.string()]))) : undefined;
}

function operation(route: DiscoveredRoute): ZodOpenApiOperationObject {
  const doc = route.doc;
  if (!doc) throw new Error(`${route.name} has no @DescribeRoute`);
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, schema] of Object.entries(doc.responses)) {
    responses[status as `2${string}`] = {
      description: STATUS_CODES[Number(status)] ?? status,
      ...(schema ? { content: { [doc.produces ?? 'application/json']: { schema } } } : {}),
    };
  }
  for (const status of errorStatusesFor(route)) {
    responses[String(status) as `4${string}`] = {
      description: STATUS_CODES[status] ?? String(status),
      content: { 'application/json': { schema: errorBodySchema } },
    };
  }
  const { body, query } = route.request;
  const path = pathParams(route);
  return {
    operationId: route.name,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [route.path.split('/')[1] ?? ''],
    ...(doc.bearer ? { security: [{ bearer: [] }] } : {}),
    requestParams: {
      ...(path ? { path } : {}),
      ...(query ? { query: query as z.ZodObject } : {}),
      ...(doc.headers ? { header: doc.headers } : {}),
    },
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the documented routes (undocumented ones are left out: see undocumentedRoutes). */
export function buildDocument(routes: DiscoveredRoute[], info: DocumentInfo): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    if (!route.doc) continue;
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { ...info },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  });
}
