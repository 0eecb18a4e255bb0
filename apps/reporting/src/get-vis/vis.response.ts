import { z } from 'zod';
import { reportScope } from '../shared/report.response';

const share = z.number().min(0).max(1);

/** GET /v1/metrics/:companyId/vis: the score, 0–100, and its components, each 0–1. */
export const visResponse = z
  .object({
    ...reportScope,
    score: z.number().min(0).max(100),
    components: z.object({ hours: share, reach: share, feedback: share, retention: share }),
  })
  .meta({ id: 'VisReport' });

export type VisResponse = z.output<typeof visResponse>;
