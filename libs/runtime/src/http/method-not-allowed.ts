import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onRequestHookHandler,
} from 'fastify';
import { codeForStatus, type ErrorBody } from './error-body';

/** The methods a route here can have; OPTIONS is answered for every known path by this module. */
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
 * Fastify's router answers 404 for a known path with a method it has no route for. This tells
 * the two apart (RFC 9110 §15.5.6): 405 METHOD_NOT_ALLOWED with `Allow` in the one error shape,
 * and OPTIONS on a known path 204 with `Allow`. Unknown paths stay 404; a service that
 * registers its own OPTIONS routes (CORS) is never reached here, since those are not 404s.
 *
 * The check runs at `onRequest`, before the body is read: a not-found handler's own hooks
 * (preValidation) come after body parsing, so `QUERY /health` without a Content-Type, or a
 * wrong method with a malformed body, would be answered 400 instead (Schemathesis' ST204 found
 * it). A request that has a route pays one `is404` read and returns.
 *
 * A path that is a route of its own (`POST /items/batch`) also fits parameter routes of other
 * methods (`GET /items/:id`), where it would be refused as a bad id: it gets the 405 too. For
 * that, parameter routes alone get a route hook, one Set lookup; fixed routes get nothing.
 * Call before the routes are registered, so every one is seen.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const fixedPaths = new Set<string>();

  const answer = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const path = pathOf(request.url);
    const allowed = allowedMethods(fastify, path);
    if (allowed.length === 0) return false;
    send(request, reply, allowed.join(', '));
    return true;
  };

  const shadowedFixedPath: onRequestHookHandler = (request, reply, done: HookHandlerDoneFunction) => {
    if (!fixedPaths.has(pathOf(request.url)) || !answer(request, reply)) done();
  };

  fastify.addHook('onRoute', (route) => {
    if (!isParameterRoute(route.url)) {
      fixedPaths.add(route.url);
      return;
    }
    const own = route.onRequest;
    route.onRequest = own === undefined ? [shadowedFixedPath] : [...[own].flat(), shadowedFixedPath];
  });

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!request.is404 || !answer(request, reply)) done();
  });
}

function isParameterRoute(url: string): boolean {
  return url.includes(':') || url.includes('*');
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function send(request: FastifyRequest, reply: FastifyReply, allow: string): void {
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
}
