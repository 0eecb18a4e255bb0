import type { DependencyBreaker } from '@perflab/resilience';
import { errorCodeLabel } from './caller-errors';
import { markConnectionFailure } from './connection-failure';
import { queryDurationFor, queryErrors } from './database-metrics';
import { insideTransaction } from './transaction-scope';

/** What Prisma hands a `query.$allOperations` hook (model is absent for raw SQL). */
interface OperationCall {
  model?: string;
  operation: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
}

/**
 * A Prisma client extension that times every operation (models and raw SQL alike),
 * counts failures by code, and runs each through the Postgres breaker (a transaction's
 * operations pass it once, as the transaction). Connection failures
 * are marked `retryable` (the runtime's mapping answers 503 with Retry-After).
 */
export function instrumentedQueries(breaker: DependencyBreaker) {
  return {
    name: 'perflab-database',
    query: {
      async $allOperations({ model, operation, args, query }: OperationCall): Promise<unknown> {
        const modelLabel = model ?? 'raw';
        const observeDuration = queryDurationFor(modelLabel, operation).startTimer();
        try {
          // Inside a transaction the transaction as a whole has passed the breaker (transaction-scope.ts).
          return await (insideTransaction() ? query(args) : breaker.run(() => query(args)));
        } catch (error) {
          queryErrors.inc({ model: modelLabel, operation, code: errorCodeLabel(error) });
          throw markConnectionFailure(error);
        } finally {
          observeDuration();
        }
      },
    },
  };
}
