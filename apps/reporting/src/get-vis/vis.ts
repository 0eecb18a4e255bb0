import { round, type CompanyFigures } from '../shared/company-figures';

/** The weights of VIS's four components (sum 1) and the figures that earn a component full marks. */
export const VIS_WEIGHTS = { hours: 0.3, reach: 0.2, feedback: 0.3, retention: 0.2 } as const;
/** Hours per volunteer over the range that earn full marks. */
export const VIS_HOURS_TARGET = 20;
/** Distinct participants per volunteer that earn full marks. */
export const VIS_REACH_TARGET = 5;

export interface VisReport {
  /** 0–100, one decimal. */
  score: number;
  /** Each component 0–1 (3 decimals), before weighting. */
  components: { hours: number; reach: number; feedback: number; retention: number };
}

const capped = (value: number): number => Math.max(0, Math.min(1, value));

/**
 * VIS, the volunteer impact score (README "VIS"), 0–100:
 *   hours     = min(1, hours per volunteer / 20)
 *   reach     = min(1, participants per volunteer / 5)
 *   feedback  = (average score − 1) / 9, 0 without feedback
 *   retention = volunteers active in ≥ 2 months of the range / volunteers
 *   VIS = 100 × (0.3 hours + 0.2 reach + 0.3 feedback + 0.2 retention)
 * No volunteers in the range: every component and the score are 0.
 */
export function vis(figures: CompanyFigures): VisReport {
  const { volunteers } = figures;
  const components = {
    hours: volunteers > 0 ? capped(figures.volunteerHours / volunteers / VIS_HOURS_TARGET) : 0,
    reach: volunteers > 0 ? capped(figures.participants / volunteers / VIS_REACH_TARGET) : 0,
    feedback: figures.feedbackCount > 0 ? capped((figures.feedbackScoreSum / figures.feedbackCount - 1) / 9) : 0,
    retention: volunteers > 0 ? capped(figures.retainedVolunteers / volunteers) : 0,
  };
  const weighted =
    components.hours * VIS_WEIGHTS.hours +
    components.reach * VIS_WEIGHTS.reach +
    components.feedback * VIS_WEIGHTS.feedback +
    components.retention * VIS_WEIGHTS.retention;
  return {
    score: round(100 * weighted, 1),
    components: {
      hours: round(components.hours, 3),
      reach: round(components.reach, 3),
      feedback: round(components.feedback, 3),
      retention: round(components.retention, 3),
    },
  };
}
