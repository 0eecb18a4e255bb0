import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { codeForStatus, type ErrorBody } from './error-body';

/** The methods a route here can have; OPTIONS is answered for every known path by this hook. */
const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods some route answers for this path, in a stable order; empty when the path is unknown. */
export function allowedMethods(fastify: FastifyInstance, path: string): string[] {
  const allowed = ROUTABLE_METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
  return allowed.length > 0 ? [...allowed, 'OPTIONS'] : [];
}

/**
 * Fastify's router answers 404 for a known path with a method it has no route for. This
 * hook, which runs before Nest's not-found handler, tells the two apart (RFC 9110 §15.5.6):
 * 405 METHOD_NOT_ALLOWED with `Allow` in the one error shape, and OPTIONS on a known path
 * 204 with `Allow`. Unknown paths stay 404; a service that registers its own OPTIONS routes
 * (CORS) is never reached here, since those requests are not 404s.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!request.is404) return done();
    const query = request.url.indexOf('?');
    const path = query === -1 ? request.url : request.url.slice(0, query);
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
