import { ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { BreakerOpenError } from '@perflab/resilience';
import { describe, expect, it } from 'vitest';
import { ApiError, MalformedJsonError } from './api-error';
import { mapError } from './map-error';

describe('mapError', () => {
  it('keeps an HttpException status and message', () => {
    expect(mapError(new NotFoundException('Cannot GET /nope'), 'r1')).toMatchObject({
      status: 404,
      body: {
        status: 404,
        code: 'NOT_FOUND',
        message: 'Cannot GET /nope',
        requestId: 'r1',
      },
    });
    expect(mapError(new ConflictException('taken')).body).toEqual({
      status: 409,
      code: 'CONFLICT',
      message: 'taken',
    });
  });

  it('uses the code and field of an ApiError', () => {
    expect(
      mapError(
        new ApiError(409, 'EMAIL_TAKEN', 'already registered', {
          field: 'email',
        }),
      ).body,
    ).toEqual({
      status: 409,
      code: 'EMAIL_TAKEN',
      message: 'already registered',
      field: 'email',
    });
  });

  it('names malformed JSON', () => {
    expect(mapError(new MalformedJsonError()).body.code).toBe('MALFORMED_JSON');
  });

  it('maps the statuses Fastify raises for bodies', () => {
    expect(mapError(new HttpException('Request body is too large', 413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(mapError(new HttpException('Unsupported Media Type', 415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a retryable error with 503 and Retry-After', () => {
    const mapped = mapError(new BreakerOpenError('postgres'));
    expect(mapped.status).toBe(503);
    expect(mapped.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(mapped.headers['retry-after']).toBe('5');
    expect(mapped.retryAfterMs).toBe(5_000);
    expect(JSON.stringify(mapped.body)).not.toContain('postgres');
  });

  it('honours retryAfterSeconds on a retryable error', () => {
    const error = Object.assign(new Error('x'), {
      retryable: true as const,
      retryAfterSeconds: 2.2,
    });
    expect(mapError(error).headers['retry-after']).toBe('3');
    expect(mapError(error).retryAfterMs).toBe(2_200);
  });

  it('hides unknown errors behind 500 INTERNAL and asks for them to be logged', () => {
    const mapped = mapError(new Error('password=hunter2 at db.ts:12'), 'r2');
    expect(mapped).toMatchObject({ status: 500, log: 'error' });
    expect(mapped.body).toEqual({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal server error',
      requestId: 'r2',
    });
  });

  it('does not treat a thrown non-error as anything but internal', () => {
    expect(mapError('boom').status).toBe(500);
    expect(mapError(null).status).toBe(500);
  });
});
