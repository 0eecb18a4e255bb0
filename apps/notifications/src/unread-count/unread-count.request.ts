import { z } from 'zod';

export const unreadCountParams = z.strictObject({ userId: z.uuid() });
export type UnreadCountParams = z.output<typeof unreadCountParams>;
