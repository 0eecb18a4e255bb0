import { counter } from '@perflab/observability';

// Names as the 002 document queries them: rate(notifications_total) - rate(notifications_failed_total)
// is the delivery success rate, so notifications_total counts deliveries that reached an end state.
export const notificationsTotal = counter(
  'notifications_total',
  'Notifications that reached an end state (SENT or FAILED), by channel',
  ['channel', 'status'],
);
export const notificationsFailedTotal = counter(
  'notifications_failed_total',
  'Notifications that ended FAILED, by channel and reason (provider_error, timeout, breaker_open)',
  ['channel', 'reason'],
);
export const notificationsAcceptedTotal = counter(
  'notifications_accepted_total',
  'Notifications accepted by the API (202), by channel and initial status (PENDING, SCHEDULED)',
  ['channel', 'status'],
);
export const redeliveriesSkippedTotal = counter(
  'notifications_redeliveries_skipped_total',
  'Kafka deliveries skipped because the notification was already claimed or finished (idempotency gate)',
);
export const sweptTotal = counter(
  'notifications_swept_total',
  'Notifications queued again by the sweeper (lease expired, or message lost), by the status they were found in',
  ['status'],
);
export const scheduledReleasedTotal = counter(
  'notifications_scheduled_released_total',
  'Scheduled notifications released for delivery when due',
);
export const deliveriesDeferredTotal = counter(
  'notifications_deliveries_deferred_total',
  'Deliveries put off for later (our infrastructure down, a breaker open, a transient provider error), by channel and reason',
  ['channel', 'reason'],
);

export const idempotencyKeysExpiredTotal = counter(
  'notifications_idempotency_keys_expired_total',
  'Expired Idempotency-Key rows deleted by the cleanup job',
);
