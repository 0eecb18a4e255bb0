import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './map-error';

/**
 * The one place an error becomes a response: every error, including Fastify's
 * own (body too large, wrong content type) and unknown routes, answers
 * `{ status, code, message, field?, requestId }`. Registered globally by createServiceApp.
 */
@Catch()
export class ErrorMappingFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = mapError(exception, request.id);

    if (mapped.log) {
      // The error, its stack and the request id go to the log; the body carries none of it.
      const details = {
        requestId: request.id,
        method: request.method,
        url: request.url,
        status: mapped.status,
        err: exception,
      };
      if (mapped.log === 'error') this.logger.error(details);
      else this.logger.warn(details);
    }
    if (reply.sent) return; // the handler already answered (e.g. streaming); nothing more to send
    reply.status(mapped.status).headers(mapped.headers).send(mapped.body);
  }
}
