import { z } from 'zod';
import { defineEvent, type EventValue } from '../define-event';

/**
 * The ingested impact events (003: `session.completed`, `feedback.received`), as ingestion
 * publishes them after a signed webhook is stored. Keyed by company, so one company's events
 * stay in order for the reporting consumer's rollups.
 */
const id = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });

/** What every ingested event carries: the webhook's id (the idempotency key), its source and company. */
const ingested = {
  /** `webhook-id` of the delivery: the same id is the same event, stored once. */
  eventId: id,
  /** The webhook source (a configured sender with its own `whsec_` secret). */
  source: z.string().min(1).max(64),
  companyId: id,
  /** When ingestion accepted it (its 2xx). */
  receivedAt: instant,
};

/** A volunteering session finished: who, for which company, how long, how many hours it credits. */
export const sessionCompleted = defineEvent({
  topic: 'impact.session-completed.v1',
  partitions: 12,
  key: id,
  value: z.object({
    ...ingested,
    sessionId: id,
    volunteerId: id,
    participantId: id,
    programme: z.string().min(1).max(100),
    startedAt: instant,
    completedAt: instant,
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Hours credited to the volunteer (may differ from the duration: preparation, travel). */
    volunteerHours: z.number().min(0).max(24),
  }),
});

/** A participant rated a session: a score from 1 to 10 and an optional comment. */
export const feedbackReceived = defineEvent({
  topic: 'impact.feedback-received.v1',
  partitions: 12,
  key: id,
  value: z.object({
    ...ingested,
    feedbackId: id,
    sessionId: id,
    participantId: id,
    score: z.number().int().min(1).max(10),
    comment: z.string().max(2_000).optional(),
    submittedAt: instant,
  }),
});

export type SessionCompleted = EventValue<typeof sessionCompleted>;
export type FeedbackReceived = EventValue<typeof feedbackReceived>;
