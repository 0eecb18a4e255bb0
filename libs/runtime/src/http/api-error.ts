import { HttpException } from '@nestjs/common';
import { pauseStackCapture } from '@perflab/observability';
import type { FieldProblem } from './error-body';

/**
 * An error a handler throws on purpose, answered as-is:
 * `throw new ApiError(409, 'EMAIL_TAKEN', 'That email is already registered', { field: 'email' })`.
 *
 * A 4xx is an answer, not a fault: it captures no stack (see pauseStackCapture for why). A 5xx
 * keeps it.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; details?: FieldProblem[] } = {},
  ) {
    const resume = status < 500 ? pauseStackCapture() : undefined;
    super({ code, message, ...extra }, status);
    resume?.();
    this.name = 'ApiError';
  }
}

/** A request whose input did not match its schema: 400 VALIDATION_FAILED naming the field. */
export class ValidationFailedError extends ApiError {
  constructor(
    readonly problems: FieldProblem[],
    message?: string,
  ) {
    super(400, 'VALIDATION_FAILED', message ?? describe(problems), {
      field: problems[0]?.field,
      details: problems,
    });
    this.name = 'ValidationFailedError';
  }
}

/** The body is not JSON although Content-Type says it is. */
export class MalformedJsonError extends ApiError {
  constructor(message = 'Request body is not valid JSON') {
    super(400, 'MALFORMED_JSON', message);
    this.name = 'MalformedJsonError';
  }
}

function describe(problems: FieldProblem[]): string {
  const [first] = problems;
  if (!first) return 'Request validation failed';
  return first.field ? `${first.field}: ${first.message}` : first.message;
}
