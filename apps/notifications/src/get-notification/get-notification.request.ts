import { uuidField } from '@perflab/runtime';
import { z } from 'zod';

export const notificationIdParams = z.strictObject({ id: uuidField() });
export type NotificationIdParams = z.output<typeof notificationIdParams>;
