/** The impact.session-completed contract on the configured topic (tests use their own topic). */
export const SESSION_COMPLETED_EVENT = Symbol('SESSION_COMPLETED_EVENT');
/** The impact.feedback-received contract on the configured topic. */
export const FEEDBACK_RECEIVED_EVENT = Symbol('FEEDBACK_RECEIVED_EVENT');
/** The WebhookVerifier built from WEBHOOK_SECRETS and WEBHOOK_TOLERANCE_SECONDS. */
export const WEBHOOK_VERIFIER = Symbol('WEBHOOK_VERIFIER');
