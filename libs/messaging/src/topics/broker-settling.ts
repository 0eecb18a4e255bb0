/**
 * What the broker answers while it is still applying a topic change: a new topic has no
 * leader yet or is not known yet, a deleted one is still listed. kafkajs fails a whole
 * metadata request when any topic in the reply carries such an error (it asks for every
 * topic when it refreshes), and where it answers from its own cache it swallows the error
 * and then reads null (`TypeError: Cannot read properties of null (reading 'topicMetadata')`,
 * tulios/kafkajs#549). All of these mean "not yet", never "no".
 */
const SETTLING_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

interface KafkaJsError {
  name?: string;
  message?: string;
  type?: string;
  cause?: { type?: string };
}

export function isSettling(error: unknown): boolean {
  const e = (error ?? {}) as KafkaJsError;
  if (e.name === 'TypeError' && /\(reading 'topicMetadata'\)/.test(e.message ?? '')) return true;
  return SETTLING_TYPES.has(e.type ?? '') || SETTLING_TYPES.has(e.cause?.type ?? '');
}

/** The topic does not exist (kafkajs may wrap the broker's answer in a retries-exceeded error). */
export function isUnknownTopic(error: unknown): boolean {
  const e = (error ?? {}) as KafkaJsError;
  return e.type === 'UNKNOWN_TOPIC_OR_PARTITION' || e.cause?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/**
 * Asks `probe` until it returns a value, treating settling errors as "ask again": for admin
 * requests and for conditions on the broker's state (topics listed, leaders elected).
 */
export async function untilSettled<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (!isSettling(error)) throw error;
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Kafka: ${what} not done after ${timeoutMs} ms${last ? ` (last answer: ${(last as Error).message})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
