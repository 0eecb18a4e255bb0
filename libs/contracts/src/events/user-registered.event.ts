import { z } from 'zod';
import { defineEvent, type EventValue } from '../define-event';

/** Published by auth after a user is created; keyed by user so one user's events stay in order. */
export const userRegistered = defineEvent({
  topic: 'user.registered.v1',
  partitions: 6,
  key: z.string().min(1).max(64),
  value: z.object({
    userId: z.string().min(1).max(64),
    email: z.email(),
    name: z.string().min(1).max(200),
    role: z.string().min(1).max(32),
    registeredAt: z.iso.datetime({ offset: true }),
  }),
});

export type UserRegistered = EventValue<typeof userRegistered>;
