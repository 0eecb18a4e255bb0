import type { Pool } from 'pg';
import type { DependencyBreaker } from '@perflab/resilience';
import { inTransactionScope } from './transaction-scope';
import { isConnectionFailure } from './caller-errors';

/**
 * Marks a connection-level failure `retryable`: the runtime's one error mapping answers it
 * with 503 + Retry-After (as for an open breaker), whichever service and query hit it.
 * Anything else passes through unchanged (a caller error keeps its status, a bug stays a 500).
 */
export function markConnectionFailure<E>(error: E): E {
  if (isConnectionFailure(error)) Object.assign(error as object, { retryable: true });
  return error;
}

type Method = (...args: unknown[]) => unknown;

/** The method, with failures marked in both of pg's styles: a returned promise or a trailing callback. */
function marking(method: Method): Method {
  return (...args) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) =>
        (last as Method)(error ? markConnectionFailure(error) : error, ...rest);
      return method(...args);
    }
    const result = method(...args);
    // pool.query(submittable) returns the submittable (a cursor, a stream): left as it is.
    return result instanceof Promise
      ? result.catch((error: unknown) => Promise.reject(markConnectionFailure(error)))
      : result;
  };
}

/**
 * Checkouts and queries on the raw pool fail marked, like the Prisma client's, and so do
 * queries on a checked-out client (a hand-written transaction whose connection dies under it).
 * Prisma's adapter goes through these too: pg errors that it passes on unconverted (a connect
 * timeout, no free connection in time) arrive marked.
 */
export function markPoolConnectionFailures(pool: Pool): void {
  const target = pool as unknown as Record<'connect' | 'query', Method>;
  target.connect = marking(pool.connect.bind(pool) as Method);
  target.query = marking(pool.query.bind(pool) as Method);
  pool.on('connect', (client) => {
    (client as unknown as Record<'query', Method>).query = marking(client.query.bind(client) as Method);
  });
}

/**
 * An interactive transaction's BEGIN and COMMIT are no query a Prisma extension sees, so
 * the client's `$transaction` is wrapped too; everything else is the client itself. The
 * transaction passes the breaker as one call, its operations inside it do not ask again: a
 * half-open breaker refused a trial transaction's second operation, so after an outage a
 * service whose writes are transactions (auth's register) stayed at 503 (bench chaos profile).
 */
export function markTransactionConnectionFailures<C extends object>(client: C, breaker: DependencyBreaker): C {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property !== '$transaction' || typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        breaker
          .run(() => inTransactionScope(() => value.apply(target, args) as Promise<unknown>))
          .catch((error: unknown) => Promise.reject(markConnectionFailure(error)));
    },
  });
}
