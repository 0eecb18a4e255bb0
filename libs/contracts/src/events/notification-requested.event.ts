import { z } from 'zod';
import { defineEvent, type EventValue } from '../define-event';

export const NOTIFICATION_CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'IN_APP'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** A request to deliver one notification; keyed by user so one user's notifications stay in order. */
export const notificationRequested = defineEvent({
  topic: 'notification.requested.v1',
  partitions: 10,
  key: z.string().min(1).max(64),
  value: z.object({
    notificationId: z.string().min(1).max(64),
    userId: z.string().min(1).max(64),
    type: z.string().min(1).max(64),
    channel: z.enum(NOTIFICATION_CHANNELS),
    title: z.string().min(1).max(200),
    body: z.string().max(10_000),
    data: z.record(z.string(), z.unknown()).optional(),
    correlationId: z.string().min(1).max(128).optional(),
    requestedAt: z.iso.datetime({ offset: true }),
  }),
});

export type NotificationRequested = EventValue<typeof notificationRequested>;
