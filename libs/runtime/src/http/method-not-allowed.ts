import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { codeForStatus, type ErrorBody } from './error-body';

/** The methods a route here can have; OPTIONS is answered for every known path by this hook. */
const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods of the resource at this path, in a stable order; empty when no route has it.
 * A path can also fit a route with parameters under another method (`GET /items/:id` fits
 * `/items/batch`, a POST-only path): only the most specific matches, those with the fewest
 * parameters, name the resource, as the router itself prefers static segments.
 */
export function allowedMethods(fastify: FastifyInstance, path: string): string[] {
  const matches = ROUTABLE_METHODS.flatMap((method) => {
    const route = fastify.findRoute({ method, url: path });
    return route ? [{ method, params: Object.keys(route.params).length }] : [];
  });
  if (matches.length === 0) return [];
  const fewest = Math.min(...matches.map((match) => match.params));
  return [...matches.filter((match) => match.params === fewest).map((match) => match.method), 'OPTIONS'];
}

/**
 * Fastify's router answers 404 for a known path with a method it has no route for. This
 * hook, which runs before Nest's not-found handler, tells the two apart (RFC 9110 §15.5.6):
 * 405 METHOD_NOT_ALLOWED with `Allow` in the one error shape, and OPTIONS on a known path
 * 204 with `Allow`. Unknown paths stay 404; a service that registers its own OPTIONS routes
 * (CORS) is never reached here, since those requests are not 404s.
 *
 * A path that is a route of its own (`POST /items/batch`) also fits parameter routes of other
 * methods (`GET /items/:id`), where it would be refused as a bad id: it gets the 405 too. Only
 * requests matched by a parameter route pay for that check, one Set lookup. Register before
 * the routes, so the hook sees every one.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const fixedPaths = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    if (!route.url.includes(':') && !route.url.includes('*')) fixedPaths.add(route.url);
  });

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const pattern = request.is404 ? undefined : request.routeOptions.url;
    const byParameter = pattern !== undefined && (pattern.includes(':') || pattern.includes('*'));
    if (!request.is404 && !byParameter) return done();
    const query = request.url.indexOf('?');
    const path = query === -1 ? request.url : request.url.slice(0, query);
    if (byParameter && !fixedPaths.has(path)) return done();
    const allowed = allowedMethods(fastify, path);
    if (allowed.length === 0) return done();

    const allow = allowed.join(', ');
    if (request.method === 'OPTIONS') {
      void reply.status(204).header('allow', allow).send();
      return;
    }
    const body: ErrorBody = {
      status: 405,
      code: codeForStatus(405),
      message: `${request.method} is not allowed here; allowed: ${allow}`,
      requestId: request.id,
    };
    // A HEAD answer has no body (Node drops it on the wire; say so here too).
    void reply
      .status(405)
      .header('allow', allow)
      .send(request.method === 'HEAD' ? undefined : body);
  });
}
