import { AsyncLocalStorage } from 'node:async_hooks';

// Operations run inside a transaction are one call to Postgres: the transaction passes the
// breaker as a whole (a half-open breaker lets exactly one trial call through), so its
// operations must not each ask the breaker again.

const scope = new AsyncLocalStorage<true>();

export function insideTransaction(): boolean {
  return scope.getStore() === true;
}

export function inTransactionScope<T>(run: () => T): T {
  return scope.run(true, run);
}
