import { describe, expect, it } from 'vitest';
import { errorCodeLabel, isCallerError, isConnectionFailure, isDependencyFailure } from './caller-errors';

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

/** What Prisma 7 + adapter-pg throw for a raw query (the shapes observed against a closed port and a live server). */
const rawQueryError = (cause: object) =>
  prismaError('P2010', { driverAdapterError: { name: 'DriverAdapterError', cause } });

describe('raw queries that never reached Postgres', () => {
  it('are dependency failures, not the caller’s fault, so they count against the breaker', () => {
    for (const kind of ['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']) {
      const error = rawQueryError({ kind, host: '127.0.0.1', port: 1 });
      expect(isCallerError(error)).toBe(false);
      expect(isConnectionFailure(error)).toBe(true);
    }
    // No SQLSTATE and no adapter detail: Postgres gave no verdict on the statement either.
    expect(isCallerError(prismaError('P2010'))).toBe(false);
  });

  it('still judges a raw query Postgres answered by its SQLSTATE, wherever Prisma put it', () => {
    expect(isCallerError(rawQueryError({ kind: 'UniqueConstraintViolation', originalCode: '23505' }))).toBe(true);
    expect(isCallerError(rawQueryError({ kind: 'postgres', originalCode: '57P01' }))).toBe(false);
    expect(isConnectionFailure(rawQueryError({ kind: 'UniqueConstraintViolation', originalCode: '23505' }))).toBe(
      false,
    );
  });

  it('recognises a connection Postgres ended, whether Prisma or pg reports it', () => {
    expect(isConnectionFailure(rawQueryError({ kind: 'postgres', originalCode: '57P01' }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('too many clients'), { code: '53300' }))).toBe(true);
  });

  it('recognises pg’s code-less errors: connect timeout, closed socket, no free pooled connection', () => {
    for (const message of [
      'Connection terminated due to connection timeout',
      'Connection terminated unexpectedly',
      'timeout exceeded when trying to connect',
    ])
      expect(isConnectionFailure(new Error(message))).toBe(true);
    expect(isConnectionFailure(prismaError('P2024'))).toBe(true);
  });

  it('leaves statement errors and bugs alone', () => {
    expect(isConnectionFailure(Object.assign(new Error('canceling statement'), { code: '57014' }))).toBe(false);
    expect(isConnectionFailure(rawQueryError({ kind: 'postgres', originalCode: '42P01' }))).toBe(false);
    expect(isConnectionFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
  });

  it('recognises Prisma’s connection codes and pg socket errors', () => {
    expect(isConnectionFailure(prismaError('P1001'))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionFailure(prismaError('P2002'))).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
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

describe('isDependencyFailure (what the Postgres breaker counts)', () => {
  it('counts Postgres unreachable or unwell', () => {
    expect(isDependencyFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyFailure(Object.assign(new Error('too many clients'), { code: '53300' }))).toBe(true);
    expect(isDependencyFailure(Object.assign(new Error('canceling statement'), { code: '57014' }))).toBe(true);
    expect(isDependencyFailure(prismaError('P2024'))).toBe(true);
    expect(isDependencyFailure(Object.assign(new Error('slow'), { name: 'BreakerTimeoutError' }))).toBe(true);
  });

  it("does not count the caller's errors, nor errors from the caller's own code", () => {
    expect(isDependencyFailure(prismaError('P2002'))).toBe(false);
    expect(isDependencyFailure(Object.assign(new Error('bad text'), { code: '22021' }))).toBe(false);
    expect(
      isDependencyFailure(Object.assign(new Error('reused'), { status: 422, code: 'IDEMPOTENCY_KEY_REUSED' })),
    ).toBe(false);
    expect(isDependencyFailure(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDependencyFailure(undefined)).toBe(false);
  });
});
