/** What every report is derived from: one company over one date range. */
export interface CompanyFigures {
  sessions: number;
  volunteerHours: number;
  /** Distinct volunteers with a session in the range. */
  volunteers: number;
  /** Distinct participants served in the range. */
  participants: number;
  feedbackCount: number;
  /** Sum of the feedback scores (1–10 each). */
  feedbackScoreSum: number;
  /** Volunteers of the range active in two or more calendar months the range touches. */
  retainedVolunteers: number;
}

/** One cohort × activity month cell: volunteers whose first session was in `cohort` and who were active in `month`. */
export interface CohortActivity {
  /** First day of the cohort's month, YYYY-MM-DD. */
  cohort: string;
  /** First day of the activity month, YYYY-MM-DD. */
  month: string;
  volunteers: number;
}

export const round = (value: number, decimals = 2): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
