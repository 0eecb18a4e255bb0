import { z } from 'zod';

/** A create's 202: stored durably, delivered asynchronously (SCHEDULED when scheduledFor is later). */
export const acceptedResponse = z
  .object({ id: z.uuid(), status: z.enum(['PENDING', 'SCHEDULED']) })
  .meta({ id: 'Accepted' });

export type Accepted = z.output<typeof acceptedResponse>;

export const acceptedBatchResponse = z
  .object({ count: z.number().int(), items: z.array(acceptedResponse) })
  .meta({ id: 'AcceptedBatch' });

/** The optional `Idempotency-Key` header of create and batch (a retry with the same key gets the same answer). */
export const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .meta({
      description: '1 to 255 visible ASCII characters; a retry with the same key and body gets the first answer',
    }),
});
