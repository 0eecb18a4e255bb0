/** Where a message goes when it cannot be handled: the same name with `.dlt` appended. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlt`;
}

/** Headers a dead-lettered message carries, besides the original message's own headers. */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  /** The consumer group that gave up on it. */
  group: 'dlt-group',
  /** `handler` (it threw on every attempt) or a decode reason: `bad_json`, `invalid_key`, `invalid_value`, `missing_value`. */
  reason: 'dlt-reason',
  error: 'dlt-error',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
} as const;
