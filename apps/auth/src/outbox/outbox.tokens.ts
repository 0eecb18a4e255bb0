export const OUTBOX_KAFKA = Symbol('OUTBOX_KAFKA');
