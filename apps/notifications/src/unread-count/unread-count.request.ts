import { uuidField } from '@perflab/runtime';
import { z } from 'zod';

export const unreadCountParams = z.strictObject({ userId: uuidField() });
export type UnreadCountParams = z.output<typeof unreadCountParams>;
