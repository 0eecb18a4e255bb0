import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AnyFastifyInstance } from '../fastify-instance';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it is short and plain, so it cannot bloat or garble logs. */
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when acceptable, else a new UUID. Fastify's `genReqId`. */
export function requestIdFor(request: Pick<IncomingMessage, 'headers'>): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id back in `x-request-id`, so a client can quote it. */
export function registerRequestId(fastify: AnyFastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
