import { describe, expect, it } from 'vitest';
import { ApiError, MalformedJsonError, ValidationFailedError } from './api-error';

/** The lines of a stack that name a call site ("    at ..."). */
const frames = (error: Error) => (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));

describe('ApiError stacks', () => {
  it('captures no stack for an expected 4xx', () => {
    expect(frames(new ApiError(409, 'EMAIL_TAKEN', 'taken'))).toEqual([]);
    expect(frames(new ValidationFailedError([{ field: 'email', message: 'Required' }]))).toEqual([]);
    expect(frames(new MalformedJsonError())).toEqual([]);
  });

  it('keeps the stack of a 5xx, and leaves other errors their stacks', () => {
    expect(frames(new ApiError(503, 'UPSTREAM_DOWN', 'later')).length).toBeGreaterThan(0);
    new ApiError(400, 'BAD', 'bad');
    expect(frames(new Error('after a 4xx')).length).toBeGreaterThan(0);
  });

  it('still says what it is when printed', () => {
    const error = new ApiError(404, 'NOT_FOUND', 'no such chat');
    expect(error.message).toBe('no such chat');
    expect(error.getStatus()).toBe(404);
    expect(error).toBeInstanceOf(Error);
  });
});
