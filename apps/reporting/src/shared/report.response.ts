import { z } from 'zod';

/** What every report answers first: the company and the inclusive UTC days it covers. */
export const reportScope = {
  companyId: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
};
