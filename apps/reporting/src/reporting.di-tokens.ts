/** session.completed on the configured topic. */
export const SESSION_COMPLETED_EVENT = Symbol('SESSION_COMPLETED_EVENT');
/** feedback.received on the configured topic. */
export const FEEDBACK_RECEIVED_EVENT = Symbol('FEEDBACK_RECEIVED_EVENT');
/** The rollup consumer group (MessagingConsumer; disabled when WORKER_ENABLED=false). */
export const ROLLUP_CONSUMER = Symbol('ROLLUP_CONSUMER');
/** Where reports read their figures: the rollups or the raw events (REPORT_SOURCE). */
export const REPORT_SOURCE = Symbol('REPORT_SOURCE');
