import { feedbackReceived, onTopic, sessionCompleted } from '@perflab/contracts';

/**
 * The shared contracts on a configurable topic: production uses the contracts' own names,
 * tests a unique topic each, with the very same schemas and partition counts.
 */
export function sessionCompletedEventOn(topic: string) {
  return onTopic(sessionCompleted, topic);
}

export function feedbackReceivedEventOn(topic: string) {
  return onTopic(feedbackReceived, topic);
}

export type SessionCompletedEvent = ReturnType<typeof sessionCompletedEventOn>;
export type FeedbackReceivedEvent = ReturnType<typeof feedbackReceivedEventOn>;
