/**
 * Which database errors are the caller's fault (a duplicate email, a missing row,
 * bad input) rather than Postgres being unwell. Those must not open the breaker.
 */

/** P2xxx are request errors except these, which mean the database or pool is struggling. */
const DEPENDENCY_P_CODES = new Set(['P2024', 'P2037']);

/** SQLSTATE classes about the statement or data, not the server: 22 data, 23 constraint, 40 serialisation/deadlock, 42 syntax/undefined object. */
const CALLER_SQLSTATE_CLASSES = new Set(['22', '23', '40', '42']);

export function isCallerError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, meta } = error as { name?: string; code?: unknown; meta?: { code?: unknown } };
  if (name === 'PrismaClientValidationError') return true;
  if (typeof code === 'string' && /^P2\d{3}$/.test(code)) {
    // A raw query that failed: judge by the SQLSTATE Postgres gave.
    if (code === 'P2010' && typeof meta?.code === 'string') return isCallerSqlState(meta.code);
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
