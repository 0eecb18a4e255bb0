import { HttpException } from '@nestjs/common';
import { codeForStatus, type ErrorBody, type FieldProblem } from './error-body';

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** Unknown errors are logged with their stack; the body never carries it. */
  log?: 'error' | 'warn';
  /** A retryable error: when to try again (Retry-After in ms, for transports without headers). */
  retryAfterMs?: number;
}

/** Anything marked `retryable === true` (e.g. BreakerOpenError) means a dependency is down, not a bug. */
interface RetryableError {
  retryable: true;
  retryAfterSeconds?: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;

function isRetryable(error: unknown): error is RetryableError {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

function fromHttpException(exception: HttpException): Omit<ErrorBody, 'requestId'> {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return { status, code: codeForStatus(status), message: response };
  const { code, message, field, details } = response as {
    code?: unknown;
    message?: unknown;
    field?: unknown;
    details?: unknown;
  };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return {
    status,
    code: typeof code === 'string' ? code : codeForStatus(status),
    message: text,
    ...(typeof field === 'string' ? { field } : {}),
    ...(Array.isArray(details) ? { details: details as FieldProblem[] } : {}),
  };
}

/** Pure: what to answer for an error thrown anywhere in a request. */
export function mapError(error: unknown, requestId?: string): MappedError {
  const withId = (body: Omit<ErrorBody, 'requestId'>): ErrorBody => (requestId ? { ...body, requestId } : body);

  if (isRetryable(error)) {
    const seconds = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    return {
      status: 503,
      body: withId({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: 'A dependency is temporarily unavailable; retry later',
      }),
      headers: { 'retry-after': String(Math.max(1, Math.ceil(seconds))) },
      log: 'warn',
      retryAfterMs: Math.max(1, Math.round(seconds * 1_000)),
    };
  }
  if (error instanceof HttpException) {
    const body = fromHttpException(error);
    return {
      status: body.status,
      body: withId(body),
      headers: {},
      log: body.status >= 500 ? 'error' : undefined,
    };
  }
  return {
    status: 500,
    body: withId({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal server error',
    }),
    headers: {},
    log: 'error',
  };
}
