export const SIGNING_KEYS = Symbol('SIGNING_KEYS');
export const EVENT_SINK = Symbol('EVENT_SINK');
