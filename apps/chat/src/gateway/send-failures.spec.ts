import type { Logger } from '@nestjs/common';
import { ApiError, ValidationFailedError } from '@perflab/runtime';
import { BreakerOpenError } from '@perflab/resilience';
import { describe, expect, it, vi } from 'vitest';
import { SendFailures } from './send-failures';

function withFakeLogger() {
  const logger = { error: vi.fn(), warn: vi.fn() };
  return { logger, failures: new SendFailures(logger as unknown as Logger) };
}

describe('SendFailures', () => {
  it('answers refusals without logging them', () => {
    const { logger, failures } = withFakeLogger();
    expect(failures.answer(new ValidationFailedError([{ field: 'chatId', message: 'Required' }]))).toEqual({
      error: expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED', field: 'chatId' }),
    });
    expect(failures.answer(new ApiError(403, 'NOT_A_MEMBER', 'no', { field: 'chatId' })).error.code).toBe(
      'NOT_A_MEMBER',
    );
    expect(failures.refuse('RATE_LIMITED', { status: 429, code: 'RATE_LIMITED', message: 'slow down' })).toEqual({
      error: { status: 429, code: 'RATE_LIMITED', message: 'slow down' },
    });
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('answers a dependency outage with 503 and retryAfterMs, warning once per window', () => {
    const { logger, failures } = withFakeLogger();
    for (let i = 0; i < 50; i++) {
      expect(failures.answer(new BreakerOpenError('postgres'))).toEqual({
        error: {
          status: 503,
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'A dependency is temporarily unavailable; retry later',
          retryAfterMs: 5_000,
        },
      });
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('logs each unexpected error with its stack, and hides it from the client', () => {
    const { logger, failures } = withFakeLogger();
    const bug = new TypeError('x is undefined');
    expect(failures.answer(bug)).toEqual({
      error: { status: 500, code: 'INTERNAL', message: 'Internal server error' },
    });
    expect(logger.error).toHaveBeenCalledWith(bug);
  });
});
