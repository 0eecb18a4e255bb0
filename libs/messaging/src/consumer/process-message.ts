import type { DecodeFailureReason, EventContract, EventKey, EventValue } from '@perflab/contracts';
import type { EventHandler } from './event-handler';

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export type Outcome =
  | { kind: 'success'; attempts: number }
  | { kind: 'invalid'; reason: DecodeFailureReason; error: string; attempts: 0 }
  | { kind: 'failed'; error: string; attempts: number };

export interface RetryPolicy {
  retries: number;
  delay(attempt: number): number;
  /** Waits between attempts; rejects when the consumer is stopping, so the message is not committed. */
  sleep(ms: number): Promise<void>;
  /** Keeps the group membership alive during long retry sequences. */
  heartbeat(): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * One message's life: validate against the contract (a failure never reaches the
 * handler), then handle with retries. The caller dead-letters anything not `success`.
 */
export async function processMessage<E extends EventContract>(
  handler: EventHandler<E>,
  raw: RawMessage,
  policy: RetryPolicy,
): Promise<Outcome> {
  const decoded = handler.event.decode(raw.key, raw.value);
  if (!decoded.ok) return { kind: 'invalid', reason: decoded.reason, error: decoded.error, attempts: 0 };

  // decode() is typed by the contract's schemas; TS resolves it against the constraint here.
  const key = decoded.key as EventKey<E>;
  const value = decoded.value as EventValue<E>;
  const { topic, partition, offset, headers } = raw;
  // Deferred attempts (the handler's dependency is down, not the message at fault) do not
  // count against the retries: the message waits, holding its partition, until it goes through.
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await handler.handle({ key, value, headers, topic, partition, offset, attempt });
      return { kind: 'success', attempts: attempt };
    } catch (error) {
      const deferred = (error as { deferred?: unknown })?.deferred === true;
      const permanent = (error as { retryable?: unknown })?.retryable === false;
      if (!deferred) failures++;
      if (permanent || failures > policy.retries) return { kind: 'failed', error: describe(error), attempts: attempt };
      await policy.sleep(policy.delay(deferred ? attempt : failures));
      await policy.heartbeat();
    }
  }
}
