import type { INestApplication } from '@nestjs/common';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildDocument, type DocumentInfo, type OpenApiDocument } from './build-document';
import { discoverRoutes, toOpenApiPath, type DiscoveredRoute } from './discover-routes';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

/** /metrics is served by Fastify directly (observability), so it is described here. */
const METRICS_ROUTE: DiscoveredRoute = {
  method: 'get',
  path: '/metrics',
  name: 'metrics',
  request: {},
  doc: {
    summary: 'Prometheus metrics (text exposition format), aggregated over cluster workers',
    responses: { 200: z.string() },
    produces: 'text/plain',
  },
};

interface OpenApiState {
  app?: INestApplication;
  info: DocumentInfo;
  /** Every `METHOD path` Fastify registered, as it registered it. */
  served: { method: string; url: string; hidden: boolean }[];
  document?: OpenApiDocument;
}

const states = new WeakMap<object, OpenApiState>();

function documentOf(state: OpenApiState): OpenApiDocument {
  if (!state.app) throw new Error('The OpenAPI document is built once the Nest app exists');
  state.document ??= buildDocument([...discoverRoutes(state.app), METRICS_ROUTE], state.info);
  return state.document;
}

/**
 * Serves the app's OpenAPI 3.1 document at /openapi.json and a Swagger UI at /docs (assets
 * from the installed package: works offline). Call first on a new Fastify instance, so
 * every route registered after it is seen; then `attachOpenApi(app)` once Nest created the app.
 */
export async function serveOpenApi(fastify: FastifyInstance, info: DocumentInfo): Promise<OpenApiState> {
  const state: OpenApiState = { info, served: [] };
  states.set(fastify, state);
  fastify.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true || route.url.startsWith(DOCS_PREFIX);
    for (const method of [route.method].flat()) state.served.push({ method, url: route.url, hidden });
  });
  // `hide`: not an API route (the docs UI's routes say the same; see undocumentedRoutes).
  fastify.get(OPENAPI_PATH, { schema: { hide: true } as object }, (_request, reply) => {
    void reply.header('cache-control', 'no-cache').send(documentOf(state));
  });
  // swagger-ui reads the document through `fastify.swagger()`, @fastify/swagger's decorator, and
  // requires a plugin of that name: this is one, over our document (JSON is also valid YAML,
  // for its /docs/yaml). Fastify's plugin metadata symbols do what fastify-plugin would.
  const swaggerDecorator = async (instance: FastifyInstance) => {
    instance.decorate('swagger', ((options?: { yaml?: boolean }) =>
      options?.yaml ? JSON.stringify(documentOf(state)) : documentOf(state)) as never);
  };
  Object.assign(swaggerDecorator, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('plugin-meta')]: { name: '@fastify/swagger' },
  });
  await fastify.register(swaggerDecorator);
  await fastify.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: false } });
  return state;
}

function stateOf(app: INestApplication): OpenApiState {
  const state = states.get(app.getHttpAdapter().getInstance() as object);
  if (!state) throw new Error('This app was not made by createServiceApp (no OpenAPI document)');
  return state;
}

export function attachOpenApi(app: INestApplication): void {
  stateOf(app).app = app;
}

/** The app's OpenAPI document, as /openapi.json serves it. */
export function openApiDocument(app: INestApplication): OpenApiDocument {
  return documentOf(stateOf(app));
}

/**
 * Routes the app serves that its document does not describe (`GET /x/{id}`): a new route
 * without `@DescribeRoute` shows up here. HEAD (Fastify's automatic twin of GET), the
 * document itself and the docs UI's assets are not API routes.
 */
export function undocumentedRoutes(app: INestApplication): string[] {
  const state = stateOf(app);
  const paths = documentOf(state).paths ?? {};
  return state.served
    .filter(({ method, hidden }) => method !== 'HEAD' && !hidden)
    .map(({ method, url }) => ({ method: method.toLowerCase(), path: toOpenApiPath(url) }))
    .filter(({ method, path }) => !(paths[path] as Record<string, unknown> | undefined)?.[method])
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
}
