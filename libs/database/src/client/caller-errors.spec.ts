import { describe, expect, it } from 'vitest';
import { errorCodeLabel, isCallerError } from './caller-errors';

const prismaError = (code: string, meta?: object) =>
  Object.assign(new Error('x'), { name: 'PrismaClientKnownRequestError', code, meta });

describe('isCallerError', () => {
  it('treats unique violations, missing rows and invalid input as the caller’s fault', () => {
    expect(isCallerError(prismaError('P2002'))).toBe(true);
    expect(isCallerError(prismaError('P2025'))).toBe(true);
    expect(isCallerError(prismaError('P2003'))).toBe(true);
    expect(isCallerError(Object.assign(new Error('bad arg'), { name: 'PrismaClientValidationError' }))).toBe(true);
  });

  it('counts pool exhaustion, connection and unknown errors against Postgres', () => {
    expect(isCallerError(prismaError('P2024'))).toBe(false);
    expect(isCallerError(prismaError('P2037'))).toBe(false);
    expect(isCallerError(prismaError('P1001'))).toBe(false);
    expect(isCallerError(new Error('ECONNREFUSED'))).toBe(false);
    expect(isCallerError(undefined)).toBe(false);
  });

  it('judges raw-query and pg errors by SQLSTATE class', () => {
    expect(isCallerError(prismaError('P2010', { code: '23505' }))).toBe(true);
    expect(isCallerError(prismaError('P2010', { code: '57P01' }))).toBe(false);
    expect(isCallerError(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(true);
    expect(isCallerError(Object.assign(new Error('too many clients'), { code: '53300' }))).toBe(false);
  });
});

describe('errorCodeLabel', () => {
  it('keeps labels to a bounded set', () => {
    expect(errorCodeLabel(prismaError('P2002'))).toBe('P2002');
    expect(errorCodeLabel(Object.assign(new Error('x'), { code: '23505' }))).toBe('23505');
    expect(errorCodeLabel(Object.assign(new Error('x'), { name: 'BreakerOpenError' }))).toBe('BREAKER_OPEN');
    expect(errorCodeLabel(Object.assign(new Error('x'), { code: 'something free-form' }))).toBe('UNKNOWN');
  });
});
