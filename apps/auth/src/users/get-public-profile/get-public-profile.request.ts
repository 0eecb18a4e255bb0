import { z } from 'zod';

export const getPublicProfileParams = z.object({ id: z.uuid('must be a user id (UUID)') });

export type GetPublicProfileParams = z.output<typeof getPublicProfileParams>;
