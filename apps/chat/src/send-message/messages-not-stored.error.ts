/**
 * The transaction of a batch of messages failed: none of them is stored. Retryable (the
 * runtime's mapping answers 503 with a retry delay): a client that retries with the same
 * messageId cannot store a message twice.
 */
export class MessagesNotStoredError extends Error {
  readonly retryable = true;
  readonly retryAfterSeconds = 1;

  constructor(cause: unknown) {
    super(`messages not stored: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'MessagesNotStoredError';
  }
}
