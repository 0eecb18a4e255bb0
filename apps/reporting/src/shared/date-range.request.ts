import { ApiError } from '@perflab/runtime';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => {
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v;
  }, 'is not a calendar date');

/** `?from=&to=`, both optional, both inclusive UTC days. */
export const dateRangeQuery = z.strictObject({ from: date.optional(), to: date.optional() });
export type DateRangeQuery = z.output<typeof dateRangeQuery>;

/** The company in the path: the contract's id (1–64 characters). */
export const companyParams = z.strictObject({ companyId: z.string().min(1).max(64) });
export type CompanyParams = z.output<typeof companyParams>;

/** Inclusive UTC days. */
export interface DateRange {
  from: string;
  to: string;
}

export interface RangeLimits {
  defaultDays: number;
  maxDays: number;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/**
 * Fills in what the caller left out (to = today, from = to − defaultDays + 1) and refuses a
 * reversed or over-long range with 400 naming the field.
 */
export function resolveDateRange(query: DateRangeQuery, limits: RangeLimits, now = new Date()): DateRange {
  const to = query.to ?? isoDay(now.getTime());
  const from = query.from ?? isoDay(dayMs(to) - (limits.defaultDays - 1) * DAY_MS);
  const days = (dayMs(to) - dayMs(from)) / DAY_MS + 1;
  if (days < 1) throw new ApiError(400, 'VALIDATION_FAILED', '`from` must not be after `to`', { field: 'from' });
  if (days > limits.maxDays) {
    throw new ApiError(400, 'VALIDATION_FAILED', `the range may span at most ${limits.maxDays} days`, {
      field: 'to',
    });
  }
  return { from, to };
}

/** First day of the month a day falls in. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
