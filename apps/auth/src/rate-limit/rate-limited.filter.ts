import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { mapError } from '@perflab/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from './rate-limited.error';

/** The platform's error body, plus the Retry-After header a 429 must carry. */
@Catch(RateLimitedError)
export class RateLimitedFilter implements ExceptionFilter {
  catch(error: RateLimitedError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const mapped = mapError(error, request.id);
    reply
      .status(mapped.status)
      .header('retry-after', String(Math.max(1, error.retryAfterSeconds)))
      .send(mapped.body);
  }
}
