import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { requestIdFor } from './request-id';
import { censorUrl } from './url-redaction';

/**
 * Fastify's per-request log lines, split: access lines ("incoming request", "request
 * completed", "Route … not found", 4xx) cost on every request, so they are written only
 * when the logger is at debug or trace; failures (5xx, errored or broken responses) are
 * always written. Their URLs lose the values of secret query parameters (url-redaction.ts).
 */
export class AccessLogController extends LogController {
  constructor(private readonly accessLog: boolean) {
    super({ requestIdLogLabel: 'request_id' });
  }

  override isLogDisabled(): boolean {
    return false;
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (this.accessLog) super.incomingRequest(request, reply, metadata);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (this.accessLog || error) super.requestCompleted(error, request, reply, metadata);
  }

  override routeNotFound(request: FastifyRequest): void {
    // Fastify's own line, with the URL censored: it writes the URL into the message, where no redact path reaches.
    if (this.accessLog) request.log.info(`Route ${request.raw.method}:${censorUrl(request.raw.url ?? '')} not found`);
  }

  override defaultErrorLog(
    error: Error,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (this.accessLog || reply.statusCode >= 500) super.defaultErrorLog(error, request, reply, metadata);
  }
}

/** Options to spread into `fastify({...})` or `new FastifyAdapter({...})`. */
export interface FastifyLoggingOptions {
  loggerInstance: Logger;
  genReqId: typeof requestIdFor;
  requestIdHeader: false;
  logController: LogController;
}

/** Fastify logs through our pino logger; each request's lines carry `request_id`. */
export function fastifyLoggingOptions(logger: Logger): FastifyLoggingOptions {
  return {
    loggerInstance: logger,
    genReqId: requestIdFor,
    // We read x-request-id ourselves in genReqId, to validate it.
    requestIdHeader: false,
    logController: new AccessLogController(logger.isLevelEnabled('debug')),
  };
}
