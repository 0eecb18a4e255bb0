import { z } from 'zod';

/** The one error shape (@perflab/runtime's ErrorBody, checked there), as the document's `Error` component. */
export const errorBodySchema = z
  .object({
    status: z.number().int().min(400).max(599),
    code: z.string().meta({ description: 'Stable, machine-readable: VALIDATION_FAILED, NOT_FOUND, ...' }),
    message: z.string(),
    field: z.string().optional().meta({ description: 'The first failing input path, e.g. `email`' }),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional().meta({ description: "The request's correlation id (`x-request-id`)" }),
  })
  .meta({ id: 'Error' });
