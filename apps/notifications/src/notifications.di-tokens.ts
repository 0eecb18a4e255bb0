/** The notification.requested contract on the configured topic (tests use their own topic). */
export const NOTIFICATION_EVENT = Symbol('NOTIFICATION_EVENT');
/** The user.registered contract on the configured topic. */
export const USER_REGISTERED_EVENT = Symbol('USER_REGISTERED_EVENT');
/** The delivery consumer group (MessagingConsumer; disabled when ROLE=api). */
export const DELIVERY_CONSUMER = Symbol('DELIVERY_CONSUMER');
/** The welcome consumer group on user.registered (disabled when ROLE=api or WELCOME_ENABLED=false). */
export const WELCOME_CONSUMER = Symbol('WELCOME_CONSUMER');
/** The chat.message.sent contract on the configured topic. */
export const CHAT_MESSAGE_EVENT = Symbol('CHAT_MESSAGE_EVENT');
/** The chat notifications consumer group (disabled when ROLE=api or CHAT_NOTIFICATIONS_ENABLED=false). */
export const CHAT_CONSUMER = Symbol('CHAT_CONSUMER');
