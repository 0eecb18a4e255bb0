/**
 * Publishing failed because Kafka is unavailable (breaker open, timeout, broker error).
 * Always retryable: an HTTP handler answers 503 with `Retry-After: retryAfterSeconds`.
 * The message was not acknowledged; it may still arrive later (a late retry), never silently.
 */
export class PublishError extends Error {
  readonly retryable = true;
  constructor(
    readonly topic: string,
    readonly retryAfterSeconds: number,
    override readonly cause: unknown,
  ) {
    super(`Could not publish to ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PublishError';
  }
}
