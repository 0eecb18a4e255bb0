/**
 * Which database errors are the caller's fault (a duplicate email, a missing row,
 * bad input) rather than Postgres being unwell. Those must not open the breaker.
 */

/** P2xxx are request errors except these, which mean the database or pool is struggling. */
const DEPENDENCY_P_CODES = new Set(['P2024', 'P2037']);

/** SQLSTATE classes about the statement or data, not the server: 22 data, 23 constraint, 40 serialisation/deadlock, 42 syntax/undefined object. */
const CALLER_SQLSTATE_CLASSES = new Set(['22', '23', '40', '42']);

/** Prisma codes for an unreachable, timed-out or overloaded server or pool. */
const CONNECTION_P_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** Driver-adapter error kinds (@prisma/adapter-pg) that mean no statement reached a healthy server. */
const CONNECTION_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);

/** Node socket errors from pg used directly (the raw pool). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);

/**
 * SQLSTATEs about the connection, not the statement: class 08 (connection exception),
 * 57P01-57P03 (terminated by an administrator or a crash, not accepting connections yet),
 * 53300 (too many connections).
 */
const CONNECTION_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/**
 * pg's own errors carry no code: a connect timeout, a socket closed under a query, or no
 * pooled connection free within connectionTimeoutMillis. (Adapter-pg passes these through.)
 */
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

interface ErrorShape {
  name?: string;
  message?: unknown;
  code?: unknown;
  meta?: { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

/** The SQLSTATE Postgres answered with, wherever Prisma put it; undefined when Postgres never answered. */
function sqlStateOf(meta: ErrorShape['meta']): string | undefined {
  if (typeof meta?.code === 'string') return meta.code;
  const original = meta?.driverAdapterError?.cause?.originalCode;
  return typeof original === 'string' ? original : undefined;
}

/**
 * Postgres could not be reached, dropped the connection, or no connection could be had in
 * time: Prisma's connection codes, a raw query's P2010 whose driver-adapter error is a
 * connection kind or SQLSTATE, a socket error or coded-less connection error from pg.
 * Always a dependency failure, and worth retrying later.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta, message } = error as ErrorShape;
  if (typeof code === 'string' && (CONNECTION_P_CODES.has(code) || SOCKET_CODES.has(code))) return true;
  const kind = meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === 'string' && CONNECTION_KINDS.has(kind)) return true;
  const sqlState = sqlStateOf(meta) ?? code;
  if (typeof sqlState === 'string' && CONNECTION_SQLSTATE.test(sqlState)) return true;
  return typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message);
}

export function isCallerError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, meta } = error as ErrorShape;
  if (name === 'PrismaClientValidationError') return true;
  if (typeof code === 'string' && /^P2\d{3}$/.test(code)) {
    if (code === 'P2010') {
      // A raw query that failed: judge by the SQLSTATE Postgres gave. Without one the
      // statement never got a verdict (connection refused, reset, terminated): not the caller.
      const sqlState = sqlStateOf(meta);
      return sqlState !== undefined && isCallerSqlState(sqlState);
    }
    return !DEPENDENCY_P_CODES.has(code);
  }
  // A pg error from the raw pool.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return isCallerSqlState(code);
  return false;
}

function isCallerSqlState(sqlState: string): boolean {
  return CALLER_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
}

/** A bounded label for db_query_errors_total: the Prisma code, the SQLSTATE, or the error's kind. */
export function errorCodeLabel(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  if (typeof code === 'string' && /^(P\d{4}|[0-9A-Z]{5})$/.test(code)) return code;
  switch (name) {
    case 'BreakerOpenError':
      return 'BREAKER_OPEN';
    case 'BreakerTimeoutError':
      return 'TIMEOUT';
    case 'PrismaClientValidationError':
      return 'VALIDATION';
    default:
      return 'UNKNOWN';
  }
}

/**
 * What the Postgres breaker counts: Postgres unreachable, or answering with trouble of its
 * own (a non-caller SQLSTATE: resources, a cancelled statement, an internal error), or
 * Prisma's engine failing. An error thrown by the caller's own code — an ApiError raised
 * inside a transaction (an Idempotency-Key reused, a row not found), a TypeError — says
 * nothing about Postgres: counting it let a burst of refused requests open the breaker and
 * answer 503 to everyone (found by the Schemathesis sweep after transactions became one
 * breaker call).
 */
export function isDependencyFailure(error: unknown): boolean {
  if (isConnectionFailure(error)) return true;
  if (typeof error !== 'object' || error === null || isCallerError(error)) return false;
  const { name, code } = error as ErrorShape;
  if (name === 'BreakerTimeoutError') return true;
  if (typeof name === 'string' && name.startsWith('PrismaClient')) return true;
  return typeof code === 'string' && /^(P\d{4}|[0-9A-Z]{5})$/.test(code);
}
