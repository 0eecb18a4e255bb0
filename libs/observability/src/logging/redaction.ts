import { censorUrlValue } from './url-redaction';
import { CENSOR, SECRET_FIELDS, SECRET_HEADERS } from './secret-names';

/**
 * The fields a log line carries a payload in: request and response bodies, DTOs, the user a
 * request is about, an error's own fields. Secrets are looked for inside these only.
 */
const PAYLOAD_FIELDS = ['body', 'payload', 'data', 'request', 'response', 'user', 'items', 'err', 'error'];

/**
 * Fixed paths pino censors itself, no wildcards: a secret as a field of the line, the headers
 * of a request (`headers`), a request (`req`: its headers, the body a `req` serializer may copy,
 * its URL), a logged URL (`url`, e.g. the error filter's), a response's cookies. pino turns each
 * first segment into a serializer of that field, so a line pays only for the fields it has; a
 * wildcard first segment (`*.password`) would run on every line and every child logger's
 * bindings, i.e. on every request (Fastify makes one per request): 70–140 µs each in a
 * micro-benchmark on this machine, against 2–4 µs without. Headers, bodies and requests are one
 * path each, censored field by field by `censorSecrets`: pino's cost grows with the paths below
 * a field (`req`: 7.5 µs a line with one path per header and body field, against 3 µs with none),
 * and a top-level path (`req`, not `req.url`) skips pino's path walk and copy altogether.
 * A URL keeps its path and parameter names but loses the values of secret query parameters
 * (url-redaction.ts): OAuth-style `?access_token=`, reset links' `?token=`, socket.io clients'
 * auth in the query.
 */
export const REDACTED_PATHS: string[] = [...SECRET_FIELDS, 'headers', 'req', 'url', 'res.headers["set-cookie"]'];

/**
 * pino's censor for REDACTED_PATHS: a headers or body object loses its secret fields, a URL its
 * secret query values, a request all three; anything else is a secret.
 */
export function censorSecrets(value: unknown, path: string[]): unknown {
  switch (path[path.length - 1]) {
    case 'headers':
      return redactSecretFields(value);
    case 'url':
      return censorUrlValue(value);
    case 'req':
      return censorRequest(value);
    default:
      return CENSOR;
  }
}

/**
 * A logged request (Fastify's serialised `req`, or any `{ method, url, headers, body }`) with
 * its headers' and body's secret fields and its URL's secret query values censored. Copy on
 * write, like redactSecretFields: a request with nothing to censor is returned as it is.
 */
function censorRequest(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const request = value as Record<string, unknown>;
  const headers = redactSecretFields(request.headers);
  const body = redactSecretFields(request.body);
  const url = censorUrlValue(request.url);
  if (headers === request.headers && body === request.body && url === request.url) return value;
  const copy = shallowCopy(request);
  // Defined, not assigned: the request's prototype may have a getter of that name and no setter.
  if (headers !== request.headers) defineField(copy, 'headers', headers);
  if (body !== request.body) defineField(copy, 'body', body);
  if (url !== request.url) defineField(copy, 'url', url);
  return copy;
}

function defineField(target: object, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
}

const SECRET_FIELD_NAMES = new Set([...SECRET_FIELDS, ...SECRET_HEADERS]);

/** A field that holds a URL, inside a payload too (an error's `url`, a failed call's `config.url`). */
const URL_FIELD = 'url';

/**
 * Serializers for the payload fields: each redacts the secret fields of its value and of
 * objects up to two levels below it. They run only on lines that have the field; `err` is
 * serialised first by `serializeError`, `errSerializer` here is applied to its result.
 */
export function payloadSerializers(
  errSerializer: (error: unknown) => unknown,
): Record<string, (value: unknown) => unknown> {
  const serializers: Record<string, (value: unknown) => unknown> = {};
  for (const field of PAYLOAD_FIELDS) serializers[field] = redactSecretFields;
  serializers.err = (error) => redactSecretFields(errSerializer(error));
  return serializers;
}

/**
 * The value with every secret field, its own and those two levels down, replaced by `[redacted]`,
 * and the secret query values of its `url` fields censored.
 * Copy on write: the caller's objects are never changed, and a value without secrets passes
 * through as it is. Errors, dates and buffers are left as they are (errors are serialised first).
 */
export function redactSecretFields(value: unknown): unknown {
  return redact(value, 3);
}

function redact(value: unknown, depth: number): unknown {
  if (depth === 0 || typeof value !== 'object' || value === null) return value;
  if (value instanceof Error || value instanceof Date || ArrayBuffer.isView(value)) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const current = source[key];
    const next = SECRET_FIELD_NAMES.has(key)
      ? CENSOR
      : key === URL_FIELD
        ? censorUrlValue(current)
        : redact(current, depth - 1);
    if (next !== current) {
      copy ??= Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : shallowCopy(source);
      copy[key] = next;
    }
  }
  return copy ?? value;
}

/** Own fields on the same prototype: an object's getters still work for whoever reads it next. */
function shallowCopy(source: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(Object.getPrototypeOf(source) as object | null) as object, source);
}
