import type { CompanyFigures } from './company-figures';

/**
 * The README's worked example: 4 volunteers ran 10 sessions (25 hours) for 12 participants,
 * 3 feedbacks scored 8, 10 and 6, one volunteer active in two months of the range.
 */
export const WORKED_EXAMPLE: CompanyFigures = {
  sessions: 10,
  volunteerHours: 25,
  volunteers: 4,
  participants: 12,
  feedbackCount: 3,
  feedbackScoreSum: 24,
  retainedVolunteers: 1,
};

/** The default proxies (reporting.config.ts). */
export const DEFAULT_PROXIES = { valuePerHour: 34.79, valuePerOutcome: 50, costPerHour: 12, costPerSession: 5 };
