import type { EventContract, EventKeyInput, EventValueInput } from '@perflab/contracts';

/** What the outbox relay needs from a publisher; @perflab/messaging's EventPublisher fits. */
export interface EventSink {
  publishBatch<E extends EventContract>(
    event: E,
    items: { key: EventKeyInput<E>; value: EventValueInput<E> }[],
  ): Promise<void>;
}
