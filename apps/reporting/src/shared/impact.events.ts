import { feedbackReceived, onTopic, sessionCompleted } from '@perflab/contracts';

/**
 * ingestion's contracts on a configurable topic: production uses the contracts' own names,
 * tests a unique topic each, with the very same schemas and partition count.
 */
export function sessionCompletedOn(topic: string) {
  return onTopic(sessionCompleted, topic);
}

export function feedbackReceivedOn(topic: string) {
  return onTopic(feedbackReceived, topic);
}

export type SessionCompletedEvent = ReturnType<typeof sessionCompletedOn>;
export type FeedbackReceivedEvent = ReturnType<typeof feedbackReceivedOn>;
