import { z } from 'zod';
import { reportScope } from '../shared/report.response';

/** GET /v1/cohort/:companyId/all: each cohort's size and month-by-month retention. */
export const cohortsResponse = z
  .object({
    ...reportScope,
    cohorts: z.array(
      z.object({
        /** The month of the cohort's first sessions. */
        cohort: z.string().regex(/^\d{4}-\d{2}$/),
        size: z.int().min(0),
        retention: z.array(z.object({ month: z.int().min(0), active: z.int().min(0), rate: z.number().min(0).max(1) })),
      }),
    ),
  })
  .meta({ id: 'CohortsReport' });

export type CohortsResponse = z.output<typeof cohortsResponse>;
