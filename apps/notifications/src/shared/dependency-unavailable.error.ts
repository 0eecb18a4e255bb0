import { isCallerError } from '@perflab/database';

/**
 * Postgres could not be reached or answered with a server-side failure. Retryable, so the
 * runtime's error mapping answers 503 with Retry-After: the client must not take silence
 * for success, and nothing was stored.
 */
export class DependencyUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly dependency: string,
    readonly retryAfterSeconds: number,
    override readonly cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DependencyUnavailableError';
  }
}

/** Runs a database call; anything that is not the caller's fault becomes a DependencyUnavailableError. */
export async function orUnavailable<T>(work: () => Promise<T>, retryAfterSeconds = 5): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isCallerError(error)) throw error;
    if ((error as { retryable?: unknown })?.retryable === true) throw error;
    throw new DependencyUnavailableError('postgres', retryAfterSeconds, error);
  }
}
