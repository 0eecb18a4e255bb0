export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
