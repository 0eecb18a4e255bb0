import { z } from 'zod';

export const notificationIdParams = z.strictObject({ id: z.uuid() });
export type NotificationIdParams = z.output<typeof notificationIdParams>;
