import { DEAD_LETTER_HEADERS } from '@perflab/contracts';
import type { Outcome, RawMessage } from './process-message';

const MAX_ERROR_LENGTH = 1_000;

/** The original key, value and headers, plus headers saying where it came from and why it failed. */
export function deadLetterMessage(
  raw: RawMessage,
  outcome: Exclude<Outcome, { kind: 'success' }>,
  groupId: string,
  now: Date = new Date(),
): { key: Buffer | null; value: Buffer | null; headers: Record<string, string> } {
  const h = DEAD_LETTER_HEADERS;
  return {
    key: raw.key,
    value: raw.value,
    headers: {
      ...raw.headers,
      [h.originalTopic]: raw.topic,
      [h.originalPartition]: String(raw.partition),
      [h.originalOffset]: raw.offset,
      [h.group]: groupId,
      [h.reason]: outcome.kind === 'invalid' ? outcome.reason : 'handler',
      [h.error]: outcome.error.slice(0, MAX_ERROR_LENGTH),
      [h.attempts]: String(outcome.attempts),
      [h.failedAt]: now.toISOString(),
    },
  };
}
