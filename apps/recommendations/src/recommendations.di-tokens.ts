/** The user.behavior contract on the configured topic (tests use their own topic). */
export const USER_BEHAVIOR_EVENT = Symbol('USER_BEHAVIOR_EVENT');
/** The ecomm-consumers group (MessagingConsumer; disabled when WORKER_ENABLED=false). */
export const BEHAVIOR_CONSUMER = Symbol('BEHAVIOR_CONSUMER');
