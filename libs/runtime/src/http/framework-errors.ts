import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { codeForStatus, type ErrorBody } from './error-body';

/** Fastify's wording is about its router; say what the client did. */
const MESSAGE_BY_FASTIFY_CODE: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not validly percent-encoded',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is too long',
};

/**
 * Errors Fastify's router raises before Nest sees the request (bad percent-encoding, a
 * path parameter over its limit), answered in the one error shape with the request id.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const body: ErrorBody = {
    status,
    code: codeForStatus(status),
    message: MESSAGE_BY_FASTIFY_CODE[error.code] ?? error.message,
    requestId: request.id,
  };
  void reply.status(status).header('x-request-id', request.id).send(body);
}

function clientErrorStatus(error: NodeJS.ErrnoException): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  // Node counts the request line in the header limit: a URL that is too long lands here too.
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  400: 'The request is not valid HTTP',
  408: 'The request was not received in time',
  431: 'The request line or headers are too large',
};

/**
 * Node's own HTTP parser errors (headers or URL too large, malformed HTTP, request
 * timeout) never reach Fastify's routing: write the one error shape on the socket.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = clientErrorStatus(error);
  const requestId = randomUUID();
  const body = JSON.stringify({
    status,
    code: codeForStatus(status),
    message: CLIENT_ERROR_MESSAGES[status],
    requestId,
  } satisfies ErrorBody);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
