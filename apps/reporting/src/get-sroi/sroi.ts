import { round, type CompanyFigures } from '../shared/company-figures';

/** The monetary proxies (config: SROI_*), in the report's currency. */
export interface SroiProxies {
  valuePerHour: number;
  valuePerOutcome: number;
  costPerHour: number;
  costPerSession: number;
}

export interface SroiReport {
  /** Σ score / 10: each feedback counts as the share of a full outcome its score shows. */
  outcomeUnits: number;
  socialValue: { volunteering: number; outcomes: number; total: number };
  investment: number;
  /** socialValue.total ÷ investment; null when nothing was invested (no sessions). */
  ratio: number | null;
}

/**
 * SROI = social value created ÷ investment (README "SROI"):
 *   social value = hours × valuePerHour + (Σ feedback score / 10) × valuePerOutcome
 *   investment   = hours × costPerHour + sessions × costPerSession
 * Amounts are rounded to cents and the ratio to 2 decimals, after computing in full precision.
 */
export function sroi(figures: CompanyFigures, proxies: SroiProxies): SroiReport {
  const outcomeUnits = figures.feedbackScoreSum / 10;
  const volunteering = figures.volunteerHours * proxies.valuePerHour;
  const outcomes = outcomeUnits * proxies.valuePerOutcome;
  const investment = figures.volunteerHours * proxies.costPerHour + figures.sessions * proxies.costPerSession;
  return {
    outcomeUnits: round(outcomeUnits, 4),
    socialValue: {
      volunteering: round(volunteering),
      outcomes: round(outcomes),
      total: round(volunteering + outcomes),
    },
    investment: round(investment),
    ratio: investment > 0 ? round((volunteering + outcomes) / investment) : null,
  };
}
