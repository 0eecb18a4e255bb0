import { z } from 'zod';
import { reportScope } from '../shared/report.response';

/** GET /v1/metrics/:companyId: the company's activity over the range. */
export const metricsResponse = z
  .object({
    ...reportScope,
    sessions: z.int().min(0),
    volunteerHours: z.number().min(0),
    volunteers: z.int().min(0),
    participants: z.int().min(0),
    retainedVolunteers: z.int().min(0),
    feedback: z.object({ count: z.int().min(0), averageScore: z.number().nullable() }),
  })
  .meta({ id: 'MetricsReport' });

export type MetricsReport = z.output<typeof metricsResponse>;
