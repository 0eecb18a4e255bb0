/** The notification.requested contract on the configured topic (tests use their own topic). */
export const NOTIFICATION_EVENT = Symbol('NOTIFICATION_EVENT');
/** The user.registered contract on the configured topic. */
export const USER_REGISTERED_EVENT = Symbol('USER_REGISTERED_EVENT');
