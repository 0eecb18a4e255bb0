import { stdSerializers } from 'pino';

/**
 * pino's `err` serializer, safe for frozen and non-extensible errors. pino's own
 * (pino-std-serializers) tags the error it reads with a symbol, `err[seen] = undefined`,
 * which throws on an error that cannot take new properties, so logging such an error
 * threw instead of writing the line. Such an error is read through an extensible copy:
 * its fields are serialised, the error itself is never changed.
 */
export function serializeError(error: unknown): unknown {
  return stdSerializers.err(extensibleView(error, new Map()) as Error);
}

/** The value itself when it can be tagged; otherwise a copy with the same prototype and own fields. */
function extensibleView(value: unknown, copies: Map<object, object>): unknown {
  if (Array.isArray(value)) return value.some(needsCopy) ? value.map((item) => extensibleView(item, copies)) : value;
  if (!needsCopy(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<PropertyKey, unknown>;
  copies.set(value, copy);
  for (const [key, { enumerable }] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    // Read through the error itself: V8's `stack` is an accessor that answers only for it.
    // Nested errors (cause, errors of an AggregateError, any field) get the same treatment.
    const field = extensibleView((value as unknown as Record<string, unknown>)[key], copies);
    Object.defineProperty(copy, key, { value: field, enumerable, writable: true, configurable: true });
  }
  return copy;
}

function needsCopy(value: unknown): value is Error {
  return value instanceof Error && !Object.isExtensible(value);
}
