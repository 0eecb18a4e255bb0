import { feedbackReceived, sessionCompleted } from '@perflab/contracts';
import { z } from 'zod';

/**
 * The webhook body, per Standard Webhooks: `{ type, timestamp, data }`. `data` is the event's
 * contract (libs/contracts impact-events) without what ingestion adds itself (the webhook id,
 * the source, the time it was accepted), so a field allowed here is one reporting can read.
 */
const ADDED_BY_INGESTION = { eventId: true, source: true, receivedAt: true } as const;

export const sessionCompletedData = sessionCompleted.value
  .omit(ADDED_BY_INGESTION)
  .strict()
  .refine((d) => Date.parse(d.completedAt) >= Date.parse(d.startedAt), {
    message: 'must not be before startedAt',
    path: ['completedAt'],
  });
export const feedbackReceivedData = feedbackReceived.value.omit(ADDED_BY_INGESTION).strict();

export const WEBHOOK_TYPES = ['session.completed', 'feedback.received'] as const;

const envelope = {
  /** When the sender says the event happened (the signed `webhook-timestamp` is when it was sent). */
  timestamp: z.iso.datetime({ offset: true }),
};

export const webhookBody = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('session.completed'), ...envelope, data: sessionCompletedData }),
    z.strictObject({ type: z.literal('feedback.received'), ...envelope, data: feedbackReceivedData }),
  ],
  { error: `must be one of ${WEBHOOK_TYPES.join(', ')}` },
);

export type WebhookBody = z.infer<typeof webhookBody>;
export type SessionCompletedData = z.infer<typeof sessionCompletedData>;
export type FeedbackReceivedData = z.infer<typeof feedbackReceivedData>;
