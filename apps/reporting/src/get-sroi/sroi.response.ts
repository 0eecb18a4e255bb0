import { z } from 'zod';
import { reportScope } from '../shared/report.response';

/** GET /v1/metrics/:companyId/sroi: the ratio, its parts and the proxies it used. */
export const sroiResponse = z
  .object({
    ...reportScope,
    proxies: z.object({
      valuePerHour: z.number().min(0),
      valuePerOutcome: z.number().min(0),
      costPerHour: z.number().min(0),
      costPerSession: z.number().min(0),
    }),
    outcomeUnits: z.number().min(0),
    socialValue: z.object({ volunteering: z.number(), outcomes: z.number(), total: z.number() }),
    investment: z.number().min(0),
    ratio: z.number().nullable(),
  })
  .meta({ id: 'SroiReport' });

export type SroiResponse = z.output<typeof sroiResponse>;
