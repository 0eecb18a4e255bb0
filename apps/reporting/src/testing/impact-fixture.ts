import type { FeedbackReceived, SessionCompleted } from '@perflab/contracts';

/** A session of `companyId` completed at `completedAt` (ISO, UTC). */
export function session(
  companyId: string,
  eventId: string,
  completedAt: string,
  volunteerId: string,
  participantId: string,
  volunteerHours: number,
): SessionCompleted {
  const completed = new Date(completedAt);
  const durationMinutes = Math.max(1, Math.round(volunteerHours * 60));
  return {
    eventId,
    source: 'test',
    companyId,
    receivedAt: completed.toISOString(),
    sessionId: `s-${eventId}`,
    volunteerId,
    participantId,
    programme: 'mentoring',
    startedAt: new Date(completed.getTime() - durationMinutes * 60_000).toISOString(),
    completedAt: completed.toISOString(),
    durationMinutes,
    volunteerHours,
  };
}

export function feedback(companyId: string, eventId: string, submittedAt: string, score: number): FeedbackReceived {
  return {
    eventId,
    source: 'test',
    companyId,
    receivedAt: submittedAt,
    feedbackId: `f-${eventId}`,
    sessionId: `s-${eventId}`,
    participantId: 'p1',
    score,
    submittedAt,
  };
}
