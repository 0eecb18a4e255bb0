import { uuidField } from '@perflab/runtime';
import { z } from 'zod';

export const getPublicProfileParams = z.object({ id: uuidField('must be a user id (UUID)') });

export type GetPublicProfileParams = z.output<typeof getPublicProfileParams>;
