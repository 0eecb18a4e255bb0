import type { EventContract, EventKey, EventValue } from '@perflab/contracts';

/** A message that passed its contract: typed key and value, never `any`. */
export interface ConsumedMessage<E extends EventContract> {
  key: EventKey<E>;
  value: EventValue<E>;
  headers: Record<string, string>;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on first delivery to the handler, 2 on the first retry, … */
  attempt: number;
}

export interface EventHandler<E extends EventContract = EventContract> {
  event: E;
  /**
   * Must be idempotent: delivery is at least once. Throwing retries with backoff, then
   * dead-letters; an error with `retryable === false` dead-letters at once; one with
   * `deferred === true` is retried (capped backoff) until it succeeds or the consumer stops.
   */
  handle(message: ConsumedMessage<E>): Promise<void>;
}

/** Keeps each handler's message type tied to its event inside a `handlers: [...]` array. */
export function onEvent<E extends EventContract>(
  event: E,
  handle: (message: ConsumedMessage<E>) => Promise<void>,
): EventHandler<E> {
  return { event, handle };
}
